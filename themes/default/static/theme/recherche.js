// Page « Rechercher » : interroge l'index statique de Pagefind (dossier pagefind/ écrit par
// `ctin build`), qui ne charge que les morceaux d'index utiles à la requête. Sans JavaScript, ou
// quand le site est ouvert depuis le disque, la page garde ses liens vers les listes du site.
(function () {
  var form = document.getElementById("recherche");
  if (!form) return;
  var PAR_PAGE = 20;
  var input = document.getElementById("q");
  var territoire = document.getElementById("filtre-territoire");
  var type = document.getElementById("filtre-type");
  var etat = document.getElementById("recherche-etat");
  var liste = document.getElementById("recherche-resultats");
  var plus = document.getElementById("recherche-plus");
  var params = new URLSearchParams(location.search);
  var pagefind = null;
  var resultats = [];
  var affiches = 0;
  var demande = 0;
  var minuteur = null;

  input.value = params.get("q") || "";
  if (location.protocol === "file:") {
    etat.textContent = "La recherche n’est pas disponible quand le site est ouvert depuis le disque : publiez-le sur un serveur web ou prévisualisez-le avec « ctin serve ».";
    return;
  }
  etat.textContent = "Chargement de l’index de recherche…";

  import(new URL(form.dataset.index, location.href).href)
    .then(function (module) {
      // Les pages des territoires sont dans d’autres parties de l’index, fusionnées à la première.
      var parties = (form.dataset.parties || "").split(" ").filter(Boolean);
      return Promise.all(parties.map(function (p) {
        return module.mergeIndex(new URL(".", new URL(p, location.href)).href);
      })).then(function () {
        pagefind = module;
        return pagefind.filters();
      });
    })
    .then(function (filtres) {
      remplir(territoire, filtres.territoire, params.get("territoire"));
      remplir(type, filtres.type, params.get("type"));
      document.getElementById("recherche-filtres").hidden = false;
      document.getElementById("recherche-aide").hidden = true;
      etat.textContent = "";
      chercher();
    })
    .catch(function () {
      etat.textContent = "L’index de recherche n’a pas pu être chargé.";
    });

  function remplir(select, valeurs, choisie) {
    Object.keys(valeurs || {})
      .sort(function (a, b) { return a.localeCompare(b, "fr"); })
      .forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v + " (" + valeurs[v] + ")";
        o.selected = v === choisie;
        select.appendChild(o);
      });
  }

  function adresse(q) {
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    if (territoire.value) p.set("territoire", territoire.value);
    if (type.value) p.set("type", type.value);
    var texte = p.toString();
    history.replaceState(null, "", location.pathname + (texte ? "?" + texte : ""));
  }

  function chercher() {
    if (!pagefind) return;
    var q = input.value.trim();
    var numero = ++demande;
    adresse(q);
    var filtres = {};
    if (territoire.value) filtres.territoire = territoire.value;
    if (type.value) filtres.type = type.value;
    if (!q && !territoire.value && !type.value) {
      resultats = [];
      liste.replaceChildren();
      plus.hidden = true;
      etat.textContent = "";
      return;
    }
    pagefind.search(q || null, { filters: filtres }).then(function (r) {
      if (numero !== demande) return;
      resultats = r.results;
      affiches = 0;
      liste.replaceChildren();
      var n = resultats.length;
      var quoi = q ? " pour « " + q + " »" : "";
      etat.textContent = n === 0 ? "Aucun résultat" + quoi + "." : n + (n > 1 ? " résultats" : " résultat") + quoi + ".";
      return afficher(numero);
    });
  }

  function afficher(numero) {
    var lot = resultats.slice(affiches, affiches + PAR_PAGE);
    affiches += lot.length;
    plus.hidden = affiches >= resultats.length;
    return Promise.all(lot.map(function (r) { return r.data(); })).then(function (donnees) {
      if (numero !== demande) return;
      donnees.forEach(function (d) { liste.appendChild(resultat(d)); });
    });
  }

  function resultat(d) {
    var li = document.createElement("li");
    li.className = "resultat";
    var titre = document.createElement("h2");
    var lien = document.createElement("a");
    lien.href = d.url; // Pagefind donne l’adresse sous le chemin où le site est publié.
    lien.textContent = (d.meta && d.meta.title) || d.url;
    titre.appendChild(lien);
    li.appendChild(titre);
    var info = [d.meta && d.meta.type, d.meta && d.meta.territoire].filter(Boolean).join(" · ");
    if (info) {
      var p = document.createElement("p");
      p.className = "resultat-info";
      p.textContent = info;
      li.appendChild(p);
    }
    var extrait = document.createElement("p");
    extrait.className = "extrait";
    // L'extrait de Pagefind marque les mots trouvés par <mark> ; le reste est mis comme texte.
    (d.excerpt || "").split(/(<mark>.*?<\/mark>)/).forEach(function (morceau) {
      var m = /^<mark>(.*)<\/mark>$/.exec(morceau);
      if (m) {
        var mark = document.createElement("mark");
        mark.textContent = m[1];
        extrait.appendChild(mark);
      } else if (morceau) {
        extrait.appendChild(document.createTextNode(morceau));
      }
    });
    li.appendChild(extrait);
    return li;
  }

  input.addEventListener("input", function () {
    clearTimeout(minuteur);
    minuteur = setTimeout(chercher, 250);
  });
  territoire.addEventListener("change", chercher);
  type.addEventListener("change", chercher);
  plus.addEventListener("click", function () {
    var premier = affiches;
    afficher(demande).then(function () {
      var a = liste.children[premier] && liste.children[premier].querySelector("a");
      if (a) a.focus();
    });
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(minuteur);
    chercher();
  });
})();
