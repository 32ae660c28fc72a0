//! Placeholder overview; replaced as the crate is written.
