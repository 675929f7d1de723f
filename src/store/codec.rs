//! The domain's enums as the database stores them: text, read back into the enum at the
//! boundary, so a new variant is a compile error where it is matched and a corrupt value is a
//! decoding error — never a string that some page shows as «Закрыта».

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

use crate::domain::people::{AccountStatus, Role};
use crate::domain::ticket::{Channel, Priority, TicketStatus};

/// Implements the sqlx traits for an enum with `as_str(self) -> &'static str` and a parser
/// (`$parse`: `&str -> Option<Self>`) on both backends.
macro_rules! stored_as_text {
    ($t:ty, $parse:expr) => {
        impl Type<Sqlite> for $t {
            fn type_info() -> SqliteTypeInfo {
                <str as Type<Sqlite>>::type_info()
            }
            fn compatible(ty: &SqliteTypeInfo) -> bool {
                <&str as Type<Sqlite>>::compatible(ty)
            }
        }

        impl Type<Postgres> for $t {
            fn type_info() -> PgTypeInfo {
                <str as Type<Postgres>>::type_info()
            }
            fn compatible(ty: &PgTypeInfo) -> bool {
                <&str as Type<Postgres>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Sqlite> for $t {
            fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Sqlite>>::decode(value)?;
                ($parse)(text).ok_or_else(|| format!("{text:?} is no {}", stringify!($t)).into())
            }
        }

        impl<'r> Decode<'r, Postgres> for $t {
            fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&str as Decode<Postgres>>::decode(value)?;
                ($parse)(text).ok_or_else(|| format!("{text:?} is no {}", stringify!($t)).into())
            }
        }

        impl<'q> Encode<'q, Sqlite> for $t {
            fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
                <&str as Encode<'q, Sqlite>>::encode(self.as_str(), buf)
            }
        }

        impl Encode<'_, Postgres> for $t {
            fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Postgres>>::encode(self.as_str(), buf)
            }
        }
    };
}

stored_as_text!(TicketStatus, |s| TicketStatus::parse(s).ok());
stored_as_text!(Priority, |s| Priority::parse(s).ok());
stored_as_text!(Channel, Channel::parse);
stored_as_text!(Role, Role::parse);
stored_as_text!(AccountStatus, AccountStatus::parse);
