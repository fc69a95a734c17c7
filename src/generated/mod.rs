//! Tables generated from `data/*.csv` by `cargo run -p kemu-xtask -- generate`.

pub(crate) mod catalog;
