// The player's figure: the current exercise, on the side being worked, still when motion is reduced.
export function showFigure(img, phase) {
  if (!img || !phase || !phase.exerciseId) return;
  const query = new URLSearchParams();
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) query.set("still", "1");
  if (phase.side) query.set("side", phase.side);
  const qs = query.toString();
  const src = `/figures/exercises/${encodeURIComponent(phase.exerciseId)}.svg${qs ? `?${qs}` : ""}`;
  if (img.getAttribute("src") !== src) {
    img.setAttribute("src", src);
    img.alt = `Moving figure showing ${phase.name}`;
  }
  img.hidden = false;
}
