/*!
ctin turns the content of a territorial digital-inclusion coordination (Markdown and YAML in
`content/`) into a static site. The data flows one way; each stage is a module that uses only
the stages above it (`tests/architecture.rs` checks it):

```text
 leaves: diagnostic (catalogue of codes), text, date, markdown, deadline, paths, products,
         fingerprint
   |
 1 content   walks content/, reads files safely, names each by its role
 2 model     types the YAML, adopts shared models, checks values, references and links
 3 render    each kind of page declared once (render::kinds): URLs, anchors, view, template
 4 output    writes files: exports, feeds, GeoJSON, /admin/, search index, PDFs, static files
 5 pipeline  the flat list of timed steps from a checked site to its files
 6 build / incremental   ctin build runs it in full; the preview runs it on what changed
 7 serve     the preview's server
 8 cli, scaffold, import the command line (import: `ctin import lieux`)
```

1. [`content`] walks `content/`, reads files safely and names each by its role;
2. [`model`] types the YAML, adopts shared models into documents, and checks every value,
   reference and link (against the index of pages that [`render::kinds`] makes, handed to it by
   the command), reporting problems as [`diagnostic`]s, each of a code of the catalogue
   [`diagnostic::code`];
3. [`render`](mod@render) turns the checked site into pages: [`render::kinds`] declares each
   kind of page once, and the link index, menu, search labels and the preview's dependencies
   are derived from those declarations;
4. [`output`] writes the files ([`output::sink`]: a staging folder or the served folder);
5. [`pipeline`] runs the steps from a checked site to its files, the same for [`build`]
   (`ctin build`, which takes again from the previous output the territories whose inputs did
   not change) and [`incremental`] (the preview, which runs them on the groups of pages a
   change touched);
6. [`serve`], [`cli`] and [`scaffold`] sit on top.

Leaves, used by several stages: [`diagnostic`] (problems as data, and their catalogue),
[`text`] (slugs, heading ids, suggestions), [`date`], [`markdown`] (headings, links and
sections of a text), [`deadline`] (work bounded in time), [`paths`] (where the build writes what
is not a content page), [`products`] (what the stages hand each other: files to write, page
metadata, printable documents) and [`fingerprint`] (what builds compare to take their previous
output again).

How to add a kind of page or a content key: `docs/architecture.md`.
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
pub mod fingerprint;
pub mod geo;
pub mod import;
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
