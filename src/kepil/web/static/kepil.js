// kepil pages work without this file; it only adds conveniences.
// An IIN field with data-iin-fill fills the birth date and sex fields it names from the IIN's digits
// (the same reading as kepil.reference.iin, via GET /ui/iin/{iin}).
document.addEventListener("change", async (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.iinFill) return;
  const iin = input.value.trim();
  if (!/^\d{12}$/.test(iin)) return;
  try {
    const res = await fetch(`/ui/iin/${iin}`, { headers: { accept: "application/json" } });
    if (!res.ok) return;
    const facts = await res.json();
    for (const [field, value] of Object.entries(facts)) {
      const target = input.form && input.form.elements.namedItem(field);
      if (target && "value" in target && !target.value && value !== null) target.value = String(value);
    }
  } catch (_) { /* the form still works by hand */ }
});

// An administrative-territorial unit chosen from a list (data-atu-choice): the region narrows the units to
// its own, the search box to those whose organisations' names hold the words typed.
function filterUnits(box) {
  const region = box.querySelector("[data-atu-region]").value;
  const words = box.querySelector("[data-atu-search]").value.trim().toLocaleLowerCase();
  const unit = box.querySelector("[data-atu-unit]");
  for (const group of unit.querySelectorAll("optgroup")) {
    let shown = 0;
    for (const option of group.querySelectorAll("option")) {
      const fits = (!region || option.dataset.region === region)
        && (!words || (option.dataset.names || option.textContent).toLocaleLowerCase().includes(words)
            || group.label.toLocaleLowerCase().includes(words));
      option.hidden = !fits;
      option.disabled = !fits;
      if (fits) shown += 1;
    }
    group.hidden = shown === 0;
  }
  const chosen = unit.selectedOptions[0];
  if (chosen && chosen.hidden) unit.value = "";
  const first = unit.querySelector("optgroup:not([hidden]) option:not([hidden])");
  if (!unit.value && first && (region || words)
      && unit.querySelectorAll("optgroup:not([hidden]) option:not([hidden])").length === 1) unit.value = first.value;
}

// The attachment application shows only the sections its ground (data-grounds) and its applicant
// (data-applicants) need; a hidden section's fields are disabled, so nothing in it is sent. A section with
// an error stays shown.
function showSections(form) {
  const ground = form.elements.namedItem("ground");
  const applicant = form.elements.namedItem("applicant");
  for (const section of form.querySelectorAll("[data-grounds], [data-applicants]")) {
    const wanted = (section.dataset.grounds || section.dataset.applicants).split(" ");
    const value = section.dataset.grounds ? (ground && ground.value) : (applicant && applicant.value);
    const show = wanted.includes(value) || section.querySelector("[aria-invalid='true']") !== null;
    section.hidden = !show;
    for (const field of section.querySelectorAll("input, select, textarea")) field.disabled = !show;
  }
}

function wire() {
  for (const box of document.querySelectorAll("[data-atu-choice]")) {
    box.querySelector("[data-atu-region]").addEventListener("change", () => filterUnits(box));
    box.querySelector("[data-atu-search]").addEventListener("input", () => filterUnits(box));
    const unit = box.querySelector("[data-atu-unit]");
    unit.addEventListener("change", () => {
      const chosen = unit.selectedOptions[0];
      if (chosen && chosen.dataset.region) box.querySelector("[data-atu-region]").value = chosen.dataset.region;
    });
    filterUnits(box);
  }
  const form = document.getElementById("attach-form");
  if (form) {
    form.addEventListener("change", (event) => {
      const name = event.target && event.target.name;
      if (name === "ground" || name === "applicant") showSections(form);
    });
    showSections(form);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
