// Interface d'édition (node --test) : /admin/ d'un site qui a une section `edition` s'ouvre dans
// Chromium avec Decap CMS et son serveur local (decap-server, paquet npm, sur la boucle locale),
// montre les collections faites par ctin et ouvre les acteurs d'un territoire.
//
// CTIN_EDITION désigne la racine d'un tel site (son `content/` et son `output/` construit) ;
// scripts/test la prépare à partir de tests/fixtures/base.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { launch, serve, watchPolicy } from "./gate.mjs";

const require = createRequire(import.meta.url);
const root = process.env.CTIN_EDITION;
let decap, server, browser, base, port;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitForPort(p, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(p, "127.0.0.1", () => { c.end(); resolve(true); });
      c.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`decap-server n'écoute pas sur ${p}`);
}

before(async () => {
  assert.ok(root && fs.existsSync(path.join(root, "output/admin/config.yml")),
    "CTIN_EDITION doit désigner un site avec `edition`, construit (scripts/test s'en charge)");
  port = await freePort();
  decap = spawn(process.execPath, [require.resolve("decap-server/dist/index.js")], {
    env: { ...process.env, PORT: String(port), BIND_HOST: "127.0.0.1", GIT_REPO_DIRECTORY: root, MODE: "fs", LOG_LEVEL: "error" },
    stdio: "inherit",
  });
  await waitForPort(port);
  // Le serveur local de Decap écoute d'ordinaire sur 8081 : ici sur un port libre.
  const config = path.join(root, "output/admin/config.yml");
  const text = fs.readFileSync(config, "utf8");
  assert.match(text, /^local_backend: true$/m);
  fs.writeFileSync(config, text.replace(/^local_backend: true$/m, `local_backend:\n  url: http://localhost:${port}/api/v1`));
  server = await serve(path.join(root, "output"));
  base = `http://localhost:${server.address().port}/ctin/`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  decap?.kill();
});

test("/admin/ ouvre Decap CMS en français avec les collections du site", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Pagefind's WebAssembly, Decap's own scripts: all within the pages' policy.
  watchPolicy(page, errors);
  await page.goto(base + "admin/index.html");
  // Avec le serveur local, Decap demande seulement de « se connecter ».
  const login = page.getByRole("button", { name: /connecter|connexion|login/i });
  await login.waitFor({ timeout: 30000 });
  await login.click();
  for (const name of ["Territoires", "Acteurs", "Mesures d'indicateurs", "Feuilles de route", "Documents — Alpha", "Modèles partagés", "Pages", "Référentiel d'indicateurs"]) {
    await page.getByRole("link", { name, exact: true }).first().waitFor({ timeout: 30000 });
  }
  // Les acteurs d'Alpha, enregistrés sous la clé `acteurs:`, s'ouvrent dans leur formulaire.
  await page.getByRole("link", { name: "Acteurs", exact: true }).first().click();
  await page.getByText("Alpha", { exact: true }).first().click();
  await page.getByText("Association Numérique pour tous").first().waitFor({ timeout: 30000 });
  assert.deepEqual(errors, []);
  await page.close();
});
