//! `GET /api/v1/staff/representations`: the supervisors' queue of pending representations of
//! every organisation (the decision is `POST …/{id}/decision`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

use super::supervising;
use crate::app::App;
use crate::store::from_unix;
use crate::store::representations::RepresentationRow;
use crate::web::api::rfc3339;
use crate::web::context::ApiCtx;
use crate::web::errors::{ApiError, ErrorBody};

#[derive(Serialize, ToSchema)]
pub struct PendingRepresentation {
    /// For `POST /api/v1/staff/representations/{id}/decision`.
    pub id: i64,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: Option<String>,
    /// E.164
    pub phone: Option<String>,
    /// The position the customer gave.
    pub position: Option<String>,
    pub unp: String,
    pub organization_name: String,
    /// The organisation's contract with the operator, when it has one.
    pub contract_number: Option<String>,
    pub requested_at: String,
}

impl From<RepresentationRow> for PendingRepresentation {
    fn from(r: RepresentationRow) -> Self {
        PendingRepresentation {
            id: r.id,
            last_name: r.last_name,
            first_name: r.first_name,
            middle_name: r.middle_name,
            phone: r.phone,
            position: r.position,
            unp: r.unp,
            organization_name: r.organization_name,
            contract_number: r.contract_number,
            requested_at: rfc3339(from_unix(r.requested_at)),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PendingList {
    /// Oldest first, at most 200.
    pub items: Vec<PendingRepresentation>,
}

#[utoipa::path(get, path = "/api/v1/staff/representations", tag = "staff",
    responses((status = 200, body = PendingList), (status = 403, description = "forbidden: supervisors and administrators only", body = ErrorBody)))]
pub async fn queue(State(app): State<App>, ctx: ApiCtx) -> Result<Json<PendingList>, ApiError> {
    supervising(&app, &ctx, async |by| {
        let pending = app.pending_representations(by).await?;
        Ok(PendingList { items: pending.into_iter().map(PendingRepresentation::from).collect() })
    })
    .await
    .map(Json)
}

pub fn router() -> Router<App> {
    Router::new().route("/api/v1/staff/representations", get(queue))
}
