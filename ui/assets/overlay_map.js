// The overlay map drawn in the browser as SVG on the British National Grid: every layer's outline is
// already here, so ticking a layer only shows or hides a path (no server round trip before it repaints).
const SVG = "http://www.w3.org/2000/svg";
const MIN_ZOOM = 1, MAX_ZOOM = 40;

function el(tag, attrs = {}, ns = null) {
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  return node;
}

function lineSample(layer) {
  const svg = el("svg", { width: 56, height: 14, "aria-hidden": "true", focusable: "false" }, SVG);
  svg.appendChild(el("line", { x1: 2, y1: 7, x2: 54, y2: 7, stroke: layer.colour, "stroke-width": layer.width,
    "stroke-dasharray": layer.dash ? layer.dash.join(" ") : null }, SVG));
  return svg;
}

function build(data, parent) {
  const state = { version: data.version, presenting: data.presenting, chosen: new Set(data.chosen),
    fill: data.fill, view: data.view ? { x: data.view[0], y: data.view[1], k: data.view[2] } : { x: 0, y: 0, k: 1 },
    painted: 0, setState: null, setTrigger: null, viewTimer: null, stackLayers: data.stack_layers, pinned: null,
    dragged: false, unfilled: data.unfilled || "#ffffff", openLabel: data.open_label || "Open in the place explorer" };
  const root = el("div", { class: "pw-map" + (data.presenting ? " pw-presenting" : "") + (data.legend_below ? " pw-below" : ""),
    "data-painted": "0" });
  root.__pw = state;

  // The legend is also the picker: each row is a checkbox with the layer's line sample and style in words.
  const legend = el("fieldset", { class: "pw-legend" });
  const caption = el("legend");
  caption.textContent = data.presenting ? "Map legend" : "Layers to overlay";
  legend.appendChild(caption);
  const list = el("ul", { class: "pw-layers", "aria-label": "Map legend" });
  let historyShown = false;
  for (const layer of data.layers) {
    if (layer.history && !historyShown) {  // earlier eras one click away, under their own heading
      const heading = el("li", { class: "pw-era" });
      heading.textContent = "Earlier eras (history)";
      list.appendChild(heading);
      historyShown = true;
    }
    const item = el("li", { "data-layer": layer.id, class: state.chosen.has(layer.id) ? "pw-on" : null });
    const label = el("label");
    const box = el("input", { type: "checkbox", value: layer.id });
    box.checked = state.chosen.has(layer.id);
    box.addEventListener("change", () => toggleLayer(root, layer.id, box.checked));
    const name = el("span", { class: "pw-name" });
    name.textContent = layer.name;
    const dash = el("span", { class: "pw-dash" });
    dash.textContent = `(${layer.dash_label})`;
    label.append(box, lineSample(layer), name, dash);
    item.appendChild(label);
    list.appendChild(item);
  }
  legend.appendChild(list);
  const fillLabel = el("label", { class: "pw-fill-toggle" });
  const fillBox = el("input", { type: "checkbox" });
  fillBox.checked = state.fill;
  fillBox.addEventListener("change", () => setFill(root, fillBox.checked, true));
  const fillText = el("span");
  fillText.textContent = data.presenting ? "Councils, by type" : "Fill councils by type";
  fillLabel.append(fillBox, fillText);
  legend.appendChild(fillLabel);
  const fillKey = el("ul", { class: "pw-fill-key", "aria-label": "Council types" });
  for (const [label, colour] of data.fill_legend) {
    const item = el("li");
    const swatch = el("span", { class: "pw-swatch", style: `background:${colour}` });
    const text = el("span");
    text.textContent = label;
    item.append(swatch, text);
    fillKey.appendChild(item);
  }
  legend.appendChild(fillKey);
  root.appendChild(legend);

  // The map itself.
  const frame = data.frame;
  const canvas = el("div", { class: "pw-canvas", style: `height:${(data.height || 660) + (data.presenting ? 100 : 0)}px` });
  const svg = el("svg", { viewBox: `0 0 ${frame.width} ${frame.height}`, preserveAspectRatio: "xMidYMid meet",
    role: "img", tabindex: "0", "aria-label": "Map of England and Wales with the chosen layers' outlines. " +
    "Use + and - to zoom, the arrow keys to move, 0 to reset; the legend lists every line style." }, SVG);
  const view = el("g", { class: "pw-view" }, SVG);
  const districts = el("g", { class: "pw-districts" }, SVG);
  for (const district of data.districts) {
    const path = el("path", { d: district.d, "data-code": district.code, "data-colour": district.colour }, SVG);
    path.__district = district;
    districts.appendChild(path);
  }
  view.appendChild(districts);
  const highlight = el("g", { class: "pw-highlight" }, SVG);
  view.appendChild(highlight);
  view.appendChild(el("path", { class: "pw-coast", d: data.coast }, SVG));
  const outlines = el("g", { class: "pw-outlines" }, SVG);
  for (const layer of data.layers) {
    outlines.appendChild(el("path", { d: layer.d, "data-layer": layer.id, stroke: layer.colour,
      "stroke-width": layer.width, "stroke-dasharray": layer.dash ? layer.dash.join(" ") : null,
      display: state.chosen.has(layer.id) ? null : "none" }, SVG));
  }
  view.appendChild(outlines);
  const hovered = el("path", { class: "pw-hovered", d: "" }, SVG);
  view.appendChild(hovered);
  const marker = el("path", { class: "pw-marker", d: "" }, SVG);
  view.appendChild(marker);
  svg.appendChild(view);
  canvas.appendChild(svg);
  const tooltip = el("div", { class: "pw-tooltip", hidden: "" });
  canvas.appendChild(tooltip);
  const zoom = el("div", { class: "pw-zoom" });
  for (const [text, label, action] of [["+", "Zoom in", () => zoomBy(root, 1.6)], ["−", "Zoom out", () => zoomBy(root, 1 / 1.6)],
                                       ["⟲", "Reset the view", () => setView(root, { x: 0, y: 0, k: 1 })]]) {
    const button = el("button", { type: "button", "aria-label": label, title: label });
    button.textContent = text;
    button.addEventListener("click", action);
    zoom.appendChild(button);
  }
  canvas.appendChild(zoom);
  root.appendChild(canvas);
  Object.assign(state, { svg, group: view, districts, highlight, marker, hovered, tooltip, outlines, fillBox,
    focusKey: null, byCode: new Map(data.districts.map((d) => [d.code, d])) });

  wireHover(root);
  wirePanZoom(root);
  parent.appendChild(root);
  setFill(root, state.fill, false);
  applyView(root);
  markPainted(root);
  return root;
}

function markPainted(root) {
  // Two frames later the change has been drawn: tests and the benchmark wait for this counter.
  const state = root.__pw;
  const ticket = ++state.painted;
  const asked = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() => {
    root.dataset.painted = String(ticket);
    root.dataset.paintMs = (performance.now() - asked).toFixed(1);  // change to painted, read by the benchmark
  }));
}

function toggleLayer(root, layerId, on) {
  const state = root.__pw;
  if (on) state.chosen.add(layerId); else state.chosen.delete(layerId);
  const path = state.outlines.querySelector(`path[data-layer="${layerId}"]`);
  root.querySelector(`li[data-layer="${layerId}"]`).classList.toggle("pw-on", on);
  if (on) path.removeAttribute("display"); else path.setAttribute("display", "none");
  markPainted(root);
  const order = [...state.outlines.children].map((p) => p.dataset.layer).filter((id) => state.chosen.has(id));
  state.setState && state.setState("layers", order);
}

function setFill(root, on, tell) {
  const state = root.__pw;
  state.fill = on;
  state.fillBox.checked = on;
  root.classList.toggle("pw-filled", on);
  for (const path of state.districts.children) path.setAttribute("fill", on ? path.dataset.colour : state.unfilled);
  markPainted(root);
  if (tell && state.setState) state.setState("fill", on);
}

function applyView(root) {
  const { x, y, k } = root.__pw.view;
  root.__pw.group.setAttribute("transform", `translate(${x.toFixed(1)} ${y.toFixed(1)}) scale(${k.toFixed(3)})`);
}

function applyFocus(root, focus) {
  // A place to show (the place explorer): highlight its councils, mark a postcode, frame it.
  const state = root.__pw;
  state.focusKey = focus ? focus.key : null;
  state.highlight.replaceChildren();
  for (const code of (focus ? focus.highlight : [])) {
    const district = state.byCode.get(code);
    if (district) state.highlight.appendChild(el("path", { d: district.d, "data-code": code }, SVG));
  }
  state.marker.setAttribute("d", focus && focus.point ? `M${focus.point[0]} ${focus.point[1]}l0 0` : "");
  if (focus) setView(root, { x: focus.view[0], y: focus.view[1], k: focus.view[2] }, false);
  markPainted(root);
}

function setView(root, next, tell = true) {
  const state = root.__pw;
  // Whole SVG units (a fifth of a pixel at full view) and three decimals of zoom: what the link keeps.
  const k = Math.round(Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, next.k)) * 1000) / 1000;
  state.view = { x: Math.round(next.x), y: Math.round(next.y), k };
  applyView(root);
  markPainted(root);
  clearTimeout(state.viewTimer);  // tell the server once the view settles, so the link keeps it
  if (!tell) return;
  state.viewTimer = setTimeout(() => state.setState && state.setState("view",
    [state.view.x, state.view.y, state.view.k]), 600);
}

function svgPoint(root, clientX, clientY) {
  const matrix = root.__pw.svg.getScreenCTM();
  if (!matrix) return { x: 0, y: 0 };
  const inverse = matrix.inverse();
  return { x: inverse.a * clientX + inverse.c * clientY + inverse.e, y: inverse.b * clientX + inverse.d * clientY + inverse.f };
}

function zoomAt(root, point, factor) {
  const { x, y, k } = root.__pw.view;
  const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k * factor));
  const ratio = next / k;
  setView(root, { x: point.x - (point.x - x) * ratio, y: point.y - (point.y - y) * ratio, k: next });
}

function zoomBy(root, factor) {
  const box = root.__pw.svg.getBoundingClientRect();
  zoomAt(root, svgPoint(root, box.left + box.width / 2, box.top + box.height / 2), factor);
}

function wirePanZoom(root) {
  const state = root.__pw;
  const svg = state.svg;
  svg.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoomAt(root, svgPoint(root, event.clientX, event.clientY), Math.exp(-event.deltaY * 0.0015));
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    drag = { start: svgPoint(root, event.clientX, event.clientY), x: state.view.x, y: state.view.y, moved: false };
    state.dragged = false;
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag) return;
    const point = svgPoint(root, event.clientX, event.clientY);
    const dx = point.x - drag.start.x, dy = point.y - drag.start.y;
    if (!drag.moved && Math.hypot(dx, dy) < 3) return;
    if (!drag.moved) svg.setPointerCapture(event.pointerId);  // only a real drag: a click keeps its council
    drag.moved = true;
    state.dragged = true;
    if (!state.pinned) state.tooltip.hidden = true;
    setView(root, { x: drag.x + dx, y: drag.y + dy, k: state.view.k });  // from where the drag began: no drift
  });
  const end = () => { drag = null; };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener("keydown", (event) => {
    const step = 40 / state.view.k * 4;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === "+" || event.key === "=") zoomBy(root, 1.6);
    else if (event.key === "-" || event.key === "_") zoomBy(root, 1 / 1.6);
    else if (event.key === "0") setView(root, { x: 0, y: 0, k: 1 });
    else if (moves[event.key]) setView(root, { x: state.view.x + moves[event.key][0] * state.view.k,
                                                y: state.view.y + moves[event.key][1] * state.view.k, k: state.view.k });
    else return;
    event.preventDefault();
  });
}

function fillStack(root, district, pinned) {
  // The full stack of bodies serving one council; a pinned stack also offers the place explorer.
  const state = root.__pw;
  const tip = state.tooltip;
  tip.replaceChildren();
  const title = el("strong");
  title.textContent = `${district.name} (${district.open || district.code})`;
  tip.appendChild(title);
  let historyShown = false;
  state.stackLayers.forEach((layer, i) => {
    if (layer.history && !historyShown) {  // today's bodies first; the earlier eras under their own heading
      const era = el("div", { class: "pw-tip-era" });
      era.textContent = "Earlier eras (history)";
      tip.appendChild(era);
      historyShown = true;
    }
    const code = district.areas[i];
    const row = el("div");
    row.textContent = `${layer.label}: ${code ? (layer.names[code] || code) : "—"}`;
    tip.appendChild(row);
  });
  tip.classList.toggle("pw-pinned", pinned);
  if (pinned) {
    const actions = el("div", { class: "pw-actions" });
    const open = el("button", { type: "button" });
    open.textContent = state.openLabel;
    open.addEventListener("click", () => state.setTrigger && state.setTrigger("open_place", district.open || district.code));
    const close = el("button", { type: "button", "aria-label": "Close this stack" });
    close.textContent = "Close";
    close.addEventListener("click", () => unpin(root));
    actions.append(open, close);
    tip.appendChild(actions);
  }
  tip.hidden = false;
}

function unpin(root) {
  const state = root.__pw;
  state.pinned = null;
  state.tooltip.hidden = true;
  state.tooltip.classList.remove("pw-pinned");
  state.hovered.setAttribute("d", "");
}

function wireHover(root) {
  const state = root.__pw;
  const place = (event) => {
    const box = state.svg.getBoundingClientRect();
    const tip = state.tooltip;
    let left = event.clientX - box.left + 14, top = event.clientY - box.top + 14;
    if (left + tip.offsetWidth > box.width) left = Math.max(0, event.clientX - box.left - tip.offsetWidth - 14);
    if (top + tip.offsetHeight > box.height) top = Math.max(0, box.height - tip.offsetHeight);
    tip.style.left = `${left}px`;
    tip.style.top = `${top}px`;
  };
  const hide = () => { if (!state.pinned) unpin(root); };
  state.districts.addEventListener("pointerover", (event) => {
    const district = event.target.__district;
    if (!district || state.pinned) return;
    state.hovered.setAttribute("d", district.d);
    fillStack(root, district, false);
    place(event);
  });
  state.districts.addEventListener("pointermove", (event) => { if (!state.tooltip.hidden && !state.pinned) place(event); });
  state.svg.addEventListener("pointerleave", hide);
  state.svg.addEventListener("pointerover", (event) => { if (!event.target.__district) hide(); });  // the sea
  // A click (not a drag) pins a council's stack so it can be read, copied or opened; on the sea it unpins.
  state.svg.addEventListener("click", (event) => {
    if (state.dragged) return;
    const district = event.target.__district;
    if (!district) { unpin(root); return; }
    state.pinned = district.code;
    state.hovered.setAttribute("d", district.d);
    fillStack(root, district, true);
    place(event);
  });
  state.svg.addEventListener("keydown", (event) => { if (event.key === "Escape" && state.pinned) unpin(root); });
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let root = parentElement.querySelector(":scope > .pw-map");
  // A rerun sends the same drawing again: keep what is on screen (the browser holds the latest choices)
  // unless the drawing itself changed (a new build, or presentation mode's wider lines).
  if (!root || !root.__pw || root.__pw.version !== data.version || root.__pw.presenting !== data.presenting) {
    if (root) root.remove();
    root = build(data, parentElement);
  }
  root.__pw.setState = setStateValue;
  root.__pw.setTrigger = setTriggerValue;
  const focusKey = data.focus ? data.focus.key : null;
  if (focusKey !== root.__pw.focusKey) applyFocus(root, data.focus);
  return () => {};
}
