//! One integration-test binary: each module exercises one feature through the built binary.

mod boilerplate;
mod browser;
mod cli;
mod corpus;
mod crash;
mod dedup;
mod eval;
mod extract;
mod fuzz;
mod html;
mod incremental;
mod names;
mod passages;
mod robust;
mod scripts;
mod search;
mod serve;
mod unicode;
mod util;
mod variants;
mod views;
