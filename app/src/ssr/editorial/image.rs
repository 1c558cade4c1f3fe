//! Uploaded images: checked by content, stripped of metadata (filled in next).
