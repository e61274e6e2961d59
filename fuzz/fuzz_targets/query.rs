//! The query language on arbitrary text: parsing and compiling (with spelling variants)
//! never panic.
#![no_main]

use dateline::index::schema::{schema, Fields};
use dateline::search::{query, variants};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    let _ = query::parse(input);
    let schema = schema();
    let fields = Fields::from_schema(&schema).expect("schema has its fields");
    let expand = |t: &str| variants::of(t);
    let _ = query::compile(input, &fields, &expand);
});
