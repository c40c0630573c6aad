//! Nothing here: the tests are in tests/ipc.rs (see Cargo.toml).
