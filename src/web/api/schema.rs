//! Helpers for the constraints the OpenAPI document states for inputs. The patterns themselves
//! sit on the request types' fields (utoipa takes only literals there), written to match the
//! validators in `domain` (ECMA-262, as JSON Schema reads them). Where a rule cannot be written
//! as a pattern — an УНП's check digit, a phone's operator ranges, a service that must exist —
//! the answer is a 422 naming the field.

/// `{"type": "boolean", "enum": [true]}`: a box that must be ticked.
pub fn must_be_true() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Boolean)
        .enum_values(Some([true]))
        .build()
}
