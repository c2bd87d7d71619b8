/*!
ctin turns the content of a territorial digital-inclusion coordination (Markdown and YAML in
`content/`) into a static site. The data flows one way, each stage a module:

1. [`content`] walks `content/`, reads files safely and names each by its role;
2. [`model`] types the YAML, adopts shared models into documents, and checks every value,
   reference and link, reporting problems as [`diagnostic`]s;
3. [`render`](mod@render) turns the checked site into pages, and [`output`] writes them with the feeds,
   exports and static files ([`build`] runs the stages in order for `ctin build`);
4. [`incremental`] keeps the stages' results between rebuilds so that [`serve`] renders only
   what a change touches;
5. [`cli`] and [`scaffold`] sit on top.

Helpers used by several stages: [`text`] (slugs, heading ids, suggestions), [`date`],
[`markdown`] (headings, links and sections of a text) [`deadline`] (work bounded in time) and [`paths`] (where the
build writes what is not a content page).
*/
#![warn(missing_docs, unreachable_pub)]
// Diagnostics are returned by value on purpose: they are collected, never propagated in hot paths.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cli;
pub mod content;
pub mod date;
pub mod deadline;
pub mod diagnostic;
pub mod incremental;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod products;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod text;
