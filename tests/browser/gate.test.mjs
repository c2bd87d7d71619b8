// Tests de la porte de qualité (node --test) : elle passe sur le site de ctin construit, et elle
// échoue sur une page cassée exprès, chaque outil signalant le défaut qui le concerne.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { fileURLToPath } from "node:url";
import { runGate, summary } from "./gate.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");

test("la porte signale chaque défaut d'une page cassée exprès", async () => {
  const r = await runGate(path.join(here, "fixtures/casse"));
  console.log(summary(r));
  assert.ok(r.html.some((m) => /Duplicate ID/i.test(m)), `vnu doit signaler l'identifiant en double : ${r.html}`);
  assert.ok(r.axe.some((m) => m.includes("axe image-alt")), `axe doit signaler l'image sans alternative : ${r.axe}`);
  assert.ok(r.liens.some((m) => m.includes("disparue")), `le robot doit signaler le lien cassé : ${r.liens}`);
  assert.ok(r.liensFichier.some((m) => m.includes("disparue")), `idem depuis le disque : ${r.liensFichier}`);
  assert.ok(r.csp.some((m) => /inline script/i.test(m)), `Chromium doit signaler le script en ligne refusé : ${r.csp}`);
  assert.ok(r.total > 0);
});

test("le site construit passe la porte, sous un sous-chemin et depuis le disque", async () => {
  const site = process.env.CTIN_SITE;
  assert.ok(site && fs.existsSync(path.join(site, "index.html")),
    "CTIN_SITE doit désigner un site construit par `ctin build` (scripts/test s'en charge)");
  const captures = path.join(repo, "target/captures");
  const territory = fs.readdirSync(path.join(site, "territoires")).find((d) => fs.statSync(path.join(site, "territoires", d)).isDirectory());
  const indicator = fs.readdirSync(path.join(site, "indicateurs")).find((d) => fs.statSync(path.join(site, "indicateurs", d)).isDirectory());
  const documents = path.join(site, "territoires", territory, "documents");
  const doc = fs.existsSync(documents) ? fs.readdirSync(documents)[0] : null;
  const r = await runGate(site, {
    captures,
    captured: ["index.html", `territoires/${territory}/index.html`, `indicateurs/${indicator}/index.html`],
    printed: doc ? [`territoires/${territory}/documents/${doc}/index.html`] : [],
  });
  console.log(summary(r));
  for (const k of ["html", "axe", "clavier", "liens", "liensFichier", "csp"]) assert.deepEqual(r[k], [], `${k} : ${r[k].join("\n")}`);
  assert.ok(r.pagesAtteintes >= r.pages - 1, `le robot n'atteint que ${r.pagesAtteintes} pages sur ${r.pages}`);
  const shots = fs.readdirSync(captures).filter((f) => f.endsWith(".png"));
  assert.ok(shots.length >= 8 && shots.some((f) => f.includes("-impression-")), `captures : ${shots}`);
});
