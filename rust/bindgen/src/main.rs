//! Writes the C# bindings from the exports: dotnet/EditDistance.Rust/NativeMethods.g.cs (shipped) from
//! edit_distance/src/ffi.rs, and bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs (benchmarks only) from
//! edit_distance/src/bench.rs, the exports of the `bench` feature.
//!
//! Run from anywhere with network access to crates.io: `cargo run --manifest-path rust/bindgen/Cargo.toml`
//! (or `./build.sh Bindings`). Commit the result; the .NET build never runs this.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let src = here.join("../edit_distance/src");
    // csbindgen reads source files, not cfg: each file gets its own output, so that the shipped bindings never
    // declare an export the shipped library lacks. Each file defines every type its exports use, because csbindgen
    // reads only the files it is given: a type defined elsewhere would be referenced but never declared.
    generate(&src.join("ffi.rs"), "EditDistance.Rust", "NativeMethods", &here.join("../../dotnet/EditDistance.Rust/NativeMethods.g.cs"))?;
    generate(
        &src.join("bench.rs"),
        "EditDistance.Boundary",
        "BoundaryNativeMethods",
        &here.join("../../bench/EditDistance.Boundary/BoundaryNativeMethods.g.cs"),
    )?;
    Ok(())
}

fn generate(input: &Path, namespace: &str, class: &str, output: &Path) -> Result<(), Box<dyn std::error::Error>> {
    csbindgen::Builder::default()
        .input_extern_file(input)
        .csharp_dll_name("edit_distance")
        .csharp_namespace(namespace)
        .csharp_class_name(class)
        .generate_csharp_file(output)?;
    println!("wrote {}", output.display());
    Ok(())
}
