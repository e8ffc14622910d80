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
