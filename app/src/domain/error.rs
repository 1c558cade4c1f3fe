use super::FieldErrors;

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// What a server function can answer besides its result. Internal causes are
/// logged on the server and never sent to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    /// Needs a signed-in person (HTTP 401).
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but without the role (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    /// The form was refused; each field says why (HTTP 422).
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Too many attempts; try again after this many minutes (HTTP 429).
    #[error("too many attempts")]
    TooManyAttempts { minutes: u32 },
    /// An editorial action refused, with its reasons (HTTP 409 for a save
    /// another editor overtook, else 422).
    #[error("{}", .0.message)]
    Edit(super::EditRefusal),
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Transport(value.to_string())
    }
}
