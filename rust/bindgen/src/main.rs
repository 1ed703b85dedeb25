//! Writes dotnet/EditDistance.Rust/NativeMethods.g.cs from the exports in edit_distance/src/ffi.rs.
//!
//! Run from anywhere with network access to crates.io: `cargo run --manifest-path rust/bindgen/Cargo.toml`
//! (or `./build.sh Bindings`). Commit the result; the .NET build never runs this.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let ffi = here.join("../edit_distance/src/ffi.rs");
    let output = here.join("../../dotnet/EditDistance.Rust/NativeMethods.g.cs");

    csbindgen::Builder::default()
        // ffi.rs is the only file with exports, and it defines every type they use: csbindgen reads only
        // the files it is given, so a type defined elsewhere would be referenced but never declared.
        .input_extern_file(&ffi)
        .csharp_dll_name("edit_distance")
        .csharp_namespace("EditDistance.Rust")
        .csharp_class_name("NativeMethods")
        .generate_csharp_file(&output)?;

    println!("wrote {}", output.display());
    Ok(())
}
