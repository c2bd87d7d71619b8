// Recherche (node --test) : la page /recherche/ du site construit interroge l'index de Pagefind
// dans Chromium, servie sous un sous-chemin ; on y tape des requêtes comme un lecteur.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { launch, serve, watchPolicy } from "./gate.mjs";

const site = process.env.CTIN_SITE;
let server, browser, base;

before(async () => {
  assert.ok(site && fs.existsSync(path.join(site, "recherche/index.html")),
    "CTIN_SITE doit désigner un site construit par `ctin build` (scripts/test s'en charge)");
  server = await serve(site);
  base = `http://127.0.0.1:${server.address().port}/ctin/`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

/** Types `query` in the search page's field and returns the results shown. */
async function search(page, query) {
  await page.fill("#q", "");
  await page.type("#q", query);
  await page.waitForFunction((q) => {
    const etat = document.getElementById("recherche-etat").textContent;
    return etat.includes(`« ${q} »`) && (etat.startsWith("Aucun") || document.querySelectorAll(".resultat").length > 0);
  }, query);
  return results(page);
}

/** Shows every result (« Plus de résultats » until there are no more) and returns them. */
async function allResults(page) {
  while (await page.isVisible("#recherche-plus")) {
    const shown = await page.$$eval(".resultat", (items) => items.length);
    await page.click("#recherche-plus");
    await page.waitForFunction((n) => document.querySelectorAll(".resultat").length > n, shown);
  }
  return results(page);
}

function results(page) {
  return page.$$eval(".resultat", (items) => items.map((li) => ({
    titre: li.querySelector("h2").textContent,
    href: li.querySelector("a").getAttribute("href"),
    info: li.querySelector(".resultat-info")?.textContent || "",
    marques: [...li.querySelectorAll(".extrait mark")].map((m) => m.textContent),
  })));
}

async function searchPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Pagefind's WebAssembly, Decap's own scripts: all within the pages' policy.
  watchPolicy(page, errors);
  await page.goto(base + "recherche/index.html");
  await page.waitForSelector("#recherche-filtres:not([hidden])");
  return { page, errors };
}

test("une requête avec ou sans accents trouve les mêmes pages, mots surlignés", async () => {
  const { page, errors } = await searchPage();
  await search(page, "médiation numérique");
  const accents = await allResults(page);
  await search(page, "mediation numerique");
  const sans = await allResults(page);
  assert.ok(accents.length > 0, "aucun résultat pour « médiation numérique »");
  // Mêmes pages ; l'ordre peut varier, un mot écrit avec ses accents étant préféré.
  assert.deepEqual(sans.map((r) => r.href).sort(), accents.map((r) => r.href).sort());
  const marques = accents.flatMap((r) => r.marques).map((m) => m.toLowerCase());
  assert.ok(marques.some((m) => m.startsWith("médiation") || m.startsWith("numérique")), `surlignage : ${marques}`);
  assert.ok(accents.every((r) => r.titre && r.info), "chaque résultat a un titre et son type");
  // Le lien du résultat mène à la page, sous le sous-chemin.
  await page.click(".resultat a");
  await page.waitForLoadState();
  assert.ok(page.url().startsWith(base) && page.url().endsWith("index.html"), page.url());
  assert.deepEqual(errors, []);
  await page.close();
});

test("les mots sont racinisés en français et les majuscules ne comptent pas", async () => {
  const { page } = await searchPage();
  await search(page, "Conseillers");
  const pluriel = await allResults(page);
  await search(page, "conseiller");
  const singulier = await allResults(page);
  assert.ok(singulier.length > 0);
  assert.deepEqual(pluriel.map((r) => r.href).sort(), singulier.map((r) => r.href).sort());
  assert.deepEqual(await search(page, "xqzwvk"), []);
  assert.match(await page.textContent("#recherche-etat"), /^Aucun résultat pour « xqzwvk »/);
  await page.close();
});

test("les filtres par territoire et par type restreignent les résultats", async () => {
  const { page } = await searchPage();
  const tous = await search(page, "numérique");
  const territoires = await page.$$eval("#filtre-territoire option", (o) => o.map((x) => x.value).filter(Boolean));
  const types = await page.$$eval("#filtre-type option", (o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(territoires.length >= 2, `territoires proposés : ${territoires}`);
  for (const t of ["Territoire", "Acteurs", "Document", "Modèle partagé", "Indicateurs", "Feuille de route"]) {
    assert.ok(types.includes(t), `type « ${t} » absent des filtres : ${types}`);
  }
  const choisi = territoires[0];
  await page.selectOption("#filtre-territoire", choisi);
  await page.waitForFunction(() => new URLSearchParams(location.search).has("territoire"));
  await page.waitForFunction(() => document.querySelectorAll(".resultat").length > 0);
  const filtres = await results(page);
  assert.ok(filtres.length > 0 && filtres.length < tous.length, `${filtres.length} résultats filtrés sur ${tous.length}`);
  assert.ok(filtres.every((r) => r.info.includes(choisi)), `résultats hors de ${choisi} : ${filtres.map((r) => r.info)}`);
  await page.selectOption("#filtre-type", "Territoire");
  await page.waitForFunction(() => [...document.querySelectorAll(".resultat-info")].every((e) => e.textContent.startsWith("Territoire")));
  assert.equal((await results(page)).length, 1);
  // L'adresse garde la requête et les filtres : la recharger redonne les mêmes résultats.
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll(".resultat").length === 1);
  assert.equal(await page.inputValue("#filtre-territoire"), choisi);
  await page.close();
});

test("le champ de l'en-tête mène à la recherche depuis n'importe quelle page", async () => {
  const page = await browser.newPage();
  await page.goto(base + "territoires/index.html");
  await page.fill("#recherche-entete", "acteurs");
  await page.press("#recherche-entete", "Enter");
  await page.waitForURL(/recherche\/index\.html\?q=acteurs/);
  await page.waitForFunction(() => document.querySelectorAll(".resultat").length > 0);
  assert.equal(await page.inputValue("#q"), "acteurs");
  await page.close();
});

test("ouverte depuis le disque, la page le dit et garde ses liens", async () => {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(path.join(site, "recherche/index.html")).href);
  assert.match(await page.textContent("#recherche-etat"), /ouvert depuis le disque/);
  assert.ok(await page.isVisible("#recherche-aide a"));
  await page.close();
});
