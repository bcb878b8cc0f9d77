/* coursekit maps runtime: the text-bearing parts of a coursekit map (markers with shapes and
   labels, popups, lines, the legend, the layer control's names, the story controls).

   Every text comes in as data, from the map's JSON data block (<script type="application/json">,
   read with JSON.parse), and reaches the page through textContent, never innerHTML, so a name
   like "<img src=x onerror=alert(1)>" shows as text and runs nothing. The script Folium writes
   for a map only calls ck.<call>(<layer or map>, <index into the data block>).
   Licence: MIT, like the coursekit package. */
(function () {
  "use strict";

  if (window.__coursekitDefine) {           // see amd-hide.js
    window.define = window.__coursekitDefine;
    delete window.__coursekitDefine;
  }
  if (window.coursekitMaps) {
    return;
  }

  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function svgNode(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    return node;
  }

  function polygon(n, r, c, rotate) {
    var points = [];
    for (var i = 0; i < n; i++) {
      var a = rotate + (2 * Math.PI * i) / n;
      points.push((c + r * Math.cos(a)).toFixed(2) + "," + (c + r * Math.sin(a)).toFixed(2));
    }
    return points.join(" ");
  }

  function star(r, c) {
    var points = [];
    for (var i = 0; i < 10; i++) {
      var radius = i % 2 === 0 ? r : r * 0.45;
      var a = -Math.PI / 2 + (Math.PI * i) / 5;
      points.push((c + radius * Math.cos(a)).toFixed(2) + "," + (c + radius * Math.sin(a)).toFixed(2));
    }
    return points.join(" ");
  }

  /* A marker symbol: a shape in a colour with a white outline, optionally with a short text. */
  function symbol(shape, colour, size, text) {
    var c = size / 2;
    var r = c - 2;
    var svg = svgNode("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size,
                             "aria-hidden": "true", focusable: "false", class: "ck-symbol"});
    var style = {fill: colour, stroke: "#ffffff", "stroke-width": 2};
    var node;
    if (shape === "square") {
      node = svgNode("rect", Object.assign({x: c - r * 0.85, y: c - r * 0.85, width: r * 1.7,
                                            height: r * 1.7}, style));
    } else if (shape === "triangle") {
      node = svgNode("polygon", Object.assign({points: polygon(3, r * 1.1, c, -Math.PI / 2)}, style));
    } else if (shape === "diamond") {
      node = svgNode("polygon", Object.assign({points: polygon(4, r, c, 0)}, style));
    } else if (shape === "hexagon") {
      node = svgNode("polygon", Object.assign({points: polygon(6, r, c, 0)}, style));
    } else if (shape === "star") {
      node = svgNode("polygon", Object.assign({points: star(r * 1.1, c)}, style));
    } else {
      node = svgNode("circle", Object.assign({cx: c, cy: c, r: r}, style));
    }
    svg.appendChild(node);
    if (text) {
      var label = svgNode("text", {x: c, y: c, "text-anchor": "middle", "dominant-baseline": "central",
                                   class: "ck-symbol__text"});
      label.textContent = String(text);
      svg.appendChild(label);
    }
    return svg;
  }

  function lineSample(colour, dash) {
    var svg = svgNode("svg", {width: 36, height: 12, viewBox: "0 0 36 12", "aria-hidden": "true",
                             focusable: "false", class: "ck-symbol"});
    var attrs = {x1: 2, y1: 6, x2: 34, y2: 6, stroke: colour, "stroke-width": 3};
    if (dash) {
      attrs["stroke-dasharray"] = dash;
    }
    svg.appendChild(svgNode("line", attrs));
    return svg;
  }

  /* Popup content: {title, entries: [{heading, rows: [[label, text], ...]}]} */
  function popupContent(popup) {
    var root = el("div", "ck-popup");
    root.appendChild(el("p", "ck-popup__title", popup.title));
    (popup.entries || []).forEach(function (entry) {
      var section = el("section", "ck-popup__entry");
      if (entry.heading) {
        section.appendChild(el("p", "ck-popup__heading", entry.heading));
      }
      var list = el("dl", "ck-popup__rows");
      (entry.rows || []).forEach(function (row) {
        list.appendChild(el("dt", null, row[0]));
        list.appendChild(el("dd", null, row[1]));
      });
      section.appendChild(list);
      root.appendChild(section);
    });
    return root;
  }

  function makeMarker(item, size, extraClass) {
    var icon = L.divIcon({
      html: symbol(item.shape, item.colour, size, item.text),
      className: "ck-marker" + (extraClass ? " " + extraClass : ""),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2],
      tooltipAnchor: [size / 2, 0]
    });
    var marker = L.marker([item.lat, item.lon], {icon: icon, keyboard: true, title: item.name,
                                                 riseOnHover: true});
    if (item.popup) {
      marker.bindPopup(popupContent(item.popup), {maxWidth: 320});
    }
    if (item.label) {
      marker.bindTooltip(el("span", null, item.label),
                         {permanent: true, direction: "right", className: "ck-label"});
    }
    marker.on("add", function () {
      var node = marker.getElement();
      if (node) {
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", item.name);
        if (!node.__ckLabelEvents) {        // a label hidden to avoid an overlap shows on focus/hover
          node.__ckLabelEvents = true;
          var reveal = function (on) {
            var tip = marker.getTooltip && marker.getTooltip();
            var tipNode = tip && tip.getElement();
            if (tipNode && tipNode.getAttribute("data-ck-hidden") === "true") {
              tipNode.style.display = on ? "" : "none";
            }
          };
          ["focus", "mouseenter"].forEach(function (e) { node.addEventListener(e, function () { reveal(true); }); });
          ["blur", "mouseleave"].forEach(function (e) { node.addEventListener(e, function () { reveal(false); }); });
        }
      }
    });
    return marker;
  }

  /* Markers: [{lat, lon, shape, colour, name, rank?, label?, text?, popup?}] into a layer. */
  function markers(state, layer, items) {
    items.forEach(function (item) {
      var size = item.size || 22;
      register(state, makeMarker(item, size).addTo(layer), item, size);
    });
  }

  function register(state, marker, item, size) {
    var entry = {marker: marker, item: item, size: size, rank: item.rank || 0, order: state.entries.length};
    state.entries.push(entry);
    return entry;
  }

  /* Lines: [{points: [[lat, lon], ...], colour, dash, weight, name, popup?}] into a layer. */
  function links(layer, items) {
    items.forEach(function (item) {
      var line = L.polyline(item.points, {color: item.colour, dashArray: item.dash || null,
                                          weight: item.weight || 3, opacity: 0.95,
                                          className: "ck-link"});
      line.bindTooltip(el("span", null, item.name), {sticky: true});
      if (item.popup) {
        line.bindPopup(popupContent(item.popup), {maxWidth: 320});
      }
      line.addTo(layer);
    });
  }

  /* Legend: {title, items: [{label, kind: "marker"|"line", colour, shape?, dash?}]} */
  function legend(map, spec) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var box = el("div", "ck-legend leaflet-control");
      box.appendChild(el("p", "ck-legend__title", spec.title));
      var list = el("ul", "ck-legend__items");
      spec.items.forEach(function (item) {
        var row = el("li");
        row.appendChild(item.kind === "line" ? lineSample(item.colour, item.dash)
                                             : symbol(item.shape, item.colour, 18));
        row.appendChild(el("span", null, item.label));
        list.appendChild(row);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  /* Story: {stops: [{lat, lon, name, date, text, colour, shape}], path: colour} with the
     controls (.ck-story) next to the map in the same .ck-map block. */
  function story(state, map, spec) {
    var block = map.getContainer().closest(".ck-map");
    var controls = block && block.querySelector(".ck-story");
    var layer = L.featureGroup().addTo(map);
    var stops = spec.stops;
    L.polyline(stops.map(function (s) { return [s.lat, s.lon]; }),
               {color: spec.path, weight: 2, dashArray: "6 6", interactive: false}).addTo(layer);
    var made = stops.map(function (stop, i) {
      var item = Object.assign({}, stop, {text: String(i + 1),
                                          name: "Stop " + (i + 1) + ": " + stop.name});
      var marker = makeMarker(item, 26, "ck-story__marker");
      marker.on("click", function () { go(i); });
      marker.addTo(layer);
      return register(state, marker, item, 26);
    });
    var current = 0;
    var prev = controls.querySelector(".ck-story__prev");
    var next = controls.querySelector(".ck-story__next");
    var status = controls.querySelector(".ck-story__status");

    function setDisabled(button, disabled) {
      button.setAttribute("aria-disabled", disabled ? "true" : "false");
    }

    function go(i) {
      current = Math.max(0, Math.min(stops.length - 1, i));
      var stop = stops[current];
      made.forEach(function (entry, j) {
        entry.marker.setZIndexOffset(j === current ? 1000 : 0);
      });
      state.pinned = made[current];
      state.story = made;
      if (state.map) {
        map.panTo([stop.lat, stop.lon]);
        declutter(state);
      }
      status.textContent = "";
      status.appendChild(el("span", "ck-story__count",
                            "Stop " + (current + 1) + " of " + stops.length));
      status.appendChild(el("span", "ck-story__when", stop.date + ", " + stop.name));
      status.appendChild(el("span", "ck-story__text", stop.text));
      setDisabled(prev, current === 0);
      setDisabled(next, current === stops.length - 1);
      block.setAttribute("data-story-stop", String(current + 1));
    }

    prev.addEventListener("click", function () { go(current - 1); });
    next.addEventListener("click", function () { go(current + 1); });
    go(0);
  }

  /* ------------------------------------------------------------------ no overlaps

     At every zoom, markers whose boxes would overlap on screen are drawn as one group marker
     that lists them (its popup holds each one's popup; the table below the map lists all);
     then labels are placed in rank order, right, left, above or below their marker, wherever
     they overlap no label and no other marker; a label that fits nowhere is hidden, and shows
     when its marker has the keyboard focus or the pointer. */

  var GAP = 2;   // px kept free between two markers' boxes

  function hits(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  function setShown(marker, shown) {
    var node = marker.getElement();
    if (node) {
      node.style.display = shown ? "" : "none";
    }
    var tip = marker.getTooltip && marker.getTooltip();
    var tipNode = tip && tip.getElement();
    if (tipNode) {
      tipNode.style.display = shown ? "" : "none";
      tipNode.removeAttribute("data-ck-hidden");
    }
  }

  function groupMarker(group) {
    var lead = group.members[0];
    var count = group.members.length;
    var names = group.members.map(function (m) { return m.item.name; });
    var item = {lat: lead.item.lat, lon: lead.item.lon, shape: lead.item.shape, colour: lead.item.colour,
                text: lead.item.text ? lead.item.text + "+" : String(count),
                label: lead.item.label ? lead.item.label + " (+" + (count - 1) + ")" : null,
                name: count + " markers here: " + names.join("; ")};
    var marker = makeMarker(item, lead.size, "ck-marker--group" +
                            (lead.marker.options.icon.options.className.indexOf("ck-story__marker") >= 0
                              ? " ck-story__marker" : ""));
    var root = el("div", "ck-popup");
    root.appendChild(el("p", "ck-popup__title", count + " markers here (zoom in to see them apart)"));
    group.members.forEach(function (m) {
      if (m.item.popup) {
        root.appendChild(popupContent(m.item.popup));
      } else {
        root.appendChild(el("p", "ck-popup__heading", m.item.name));
      }
    });
    marker.bindPopup(root, {maxWidth: 320});
    return {marker: marker, item: item, size: lead.size, rank: lead.rank};
  }

  function boxOf(map, entry) {
    var p = map.latLngToContainerPoint(entry.marker.getLatLng());
    var r = entry.size / 2 + GAP / 2;
    return [p.x - r, p.y - r, p.x + r, p.y + r];
  }

  // offsets that put a label right of, left of, above or below a marker of ``size`` px
  function placements(size) {
    return [["right", [GAP, 0]], ["left", [-size - GAP, 0]], ["top", [-size / 2, -size / 2 - GAP]],
            ["bottom", [-size / 2, size / 2 + GAP]]];
  }

  function placeLabels(map, shown) {
    var origin = map.getContainer().getBoundingClientRect();
    var boxes = shown.map(function (e) { return boxOf(map, e); });
    var placed = [];
    shown.forEach(function (entry, index) {
      var tip = entry.marker.getTooltip && entry.marker.getTooltip();
      var node = tip && tip.getElement();
      if (!node || !entry.item.label) {
        return;
      }
      node.style.display = "";
      node.removeAttribute("data-ck-hidden");
      var fits = placements(entry.size).some(function (option) {
        tip.options.direction = option[0];
        tip.options.offset = L.point(option[1][0], option[1][1]);
        tip.update();
        var r = node.getBoundingClientRect();
        var box = [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
        var clear = !placed.some(function (b) { return hits(b, box); }) &&
          !boxes.some(function (b, j) { return j !== index && hits(b, box); });
        if (clear) {
          placed.push(box);
        }
        return clear;
      });
      var own = entry.marker.getElement();
      if (!fits) {
        node.style.display = "none";
        node.setAttribute("data-ck-hidden", "true");
      }
      if (own) {
        own.setAttribute("data-ck-label", fits ? "shown" : "hidden");
      }
    });
  }

  function declutter(state) {
    var map = state.map;
    if (!map) {
      return;
    }
    state.groups.forEach(function (g) { map.removeLayer(g.marker); });
    state.groups = [];
    var live = state.entries.filter(function (e) { return map.hasLayer(e.marker); });
    live.sort(function (a, b) {
      return (b === state.pinned) - (a === state.pinned) || a.rank - b.rank || a.order - b.order;
    });
    var groups = [];
    live.forEach(function (entry) {
      setShown(entry.marker, true);
      var box = boxOf(map, entry);
      var hit = null;
      for (var i = 0; i < groups.length && !hit; i++) {
        if (hits(groups[i].box, box)) {
          hit = groups[i];
        }
      }
      if (hit) {
        hit.members.push(entry);
      } else {
        groups.push({box: box, members: [entry]});
      }
    });
    var shown = groups.map(function (group) {
      if (group.members.length === 1) {
        return group.members[0];
      }
      group.members.forEach(function (m) { setShown(m.marker, false); });
      var made = groupMarker(group);
      made.marker.addTo(map);
      state.groups.push(made);
      made.pinned = group.members.indexOf(state.pinned) >= 0;
      return made;
    });
    (state.story || []).concat(state.groups).forEach(function (e) {
      var node = e.marker.getElement();
      if (node) {
        node.classList.remove("ck-story__marker--current");
      }
    });
    shown.forEach(function (e) {
      var node = e.marker.getElement();
      if (node && state.pinned && (e === state.pinned || e.pinned)) {
        node.classList.add("ck-story__marker--current");
        e.marker.setZIndexOffset(1000);
      }
    });
    placeLabels(map, shown);
  }

  /* ------------------------------------------------------------------ framing

     Frame: {focus: [south, west, north, east], outside: [{lat, lon, text}]}. The map opens on
     its area of interest (computed from the data in Python); what lies outside it is listed in
     a box on the map ("2 events in Washington (United States)"), each a button that shows it. */

  var PADDING = {paddingTopLeft: [16, 16], paddingBottomRight: [16, 150], animate: false};
  var ARROWS = ["\u2192", "\u2197", "\u2191", "\u2196", "\u2190", "\u2199", "\u2193", "\u2198"];

  function arrow(focus, point) {
    var lat = (focus[0] + focus[2]) / 2;
    var lon = (focus[1] + focus[3]) / 2;
    var angle = Math.atan2(point.lat - lat, (point.lon - lon) * Math.cos(lat * Math.PI / 180));
    return ARROWS[(Math.round(angle / (Math.PI / 4)) + 8) % 8];
  }

  function outsideBox(map, spec, bounds) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var box = el("div", "ck-outside leaflet-control");
      box.appendChild(el("p", "ck-outside__title", "Outside this view"));
      var list = el("ul", "ck-outside__items");
      spec.outside.forEach(function (point) {
        var row = el("li");
        var button = el("button", "ck-outside__go");
        button.type = "button";
        var sign = el("span", "ck-outside__arrow", arrow(spec.focus, point));
        sign.setAttribute("aria-hidden", "true");
        button.appendChild(sign);
        button.appendChild(el("span", null, " " + point.text));
        button.addEventListener("click", function () {
          map.fitBounds(L.latLngBounds(bounds.getSouthWest(), bounds.getNorthEast())
            .extend([point.lat, point.lon]), PADDING);
        });
        row.appendChild(button);
        list.appendChild(row);
      });
      box.appendChild(list);
      var back = el("button", "ck-outside__back", "Back to the start view");
      back.type = "button";
      back.addEventListener("click", function () { map.fitBounds(bounds, PADDING); });
      box.appendChild(back);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function frame(state, map, spec) {
    var f = spec.focus;
    var bounds = L.latLngBounds([f[0], f[1]], [f[2], f[3]]);
    state.map = map;
    map.fitBounds(bounds, PADDING);
    var container = map.getContainer();
    container.setAttribute("data-ck-focus", f.join(","));
    var view = map.getBounds();
    container.setAttribute("data-ck-start-view", [view.getSouth(), view.getWest(), view.getNorth(),
                                                  view.getEast()].map(function (v) { return v.toFixed(4); }).join(","));
    if (spec.outside.length) {
      outsideBox(map, spec, bounds);
    }
    map.on("zoomend overlayadd overlayremove", function () { declutter(state); });
    if (state.pinned) {                        // a story: show the current stop, as go() does
      state.pinned.marker.setZIndexOffset(1000);
    }
    declutter(state);
  }

  /* A notice on the map when a chosen online layer cannot load (offline, or its host blocked). */
  function offlineNotice(map, tiles, name) {
    var control = null;
    tiles.on("tileerror", function () {
      if (control) {
        return;
      }
      control = L.control({position: "topleft"});
      control.onAdd = function () {
        var box = el("div", "ck-notice leaflet-control",
                     name + " could not load (no connection to its server?). " +
                     "Choose \u201cCountry outlines (offline)\u201d in the layer list.");
        box.setAttribute("role", "status");
        return box;
      };
      control.addTo(map);
    });
    function clear() {
      if (control) {
        control.remove();
        control = null;
      }
    }
    tiles.on("tileload", clear);
    tiles.on("remove", clear);
  }

  /* Leaflet's layer control, with each layer's name written as text (Leaflet uses innerHTML). */
  var TextLayers = null;

  function textLayers() {
    if (!TextLayers) {
      TextLayers = L.Control.Layers.extend({
        _addItem: function (obj) {
          var label = L.Control.Layers.prototype._addItem.call(
            this, {layer: obj.layer, name: "", overlay: obj.overlay});
          label.querySelector("span > span").textContent = " " + obj.name;
          return label;
        }
      });
    }
    return TextLayers;
  }

  /* Outlines: {context, land, course, highlight, highlighted}: the offline base layer (GeoJSON
     with a ``course`` flag per feature, styled ``land`` or ``course``) and the highlighted
     countries above every base layer. No text: the features carry a number and the flag. */
  function outlines(state, map, spec) {
    state.outlines = L.geoJSON(spec.context, {interactive: false, style: function (feature) {
      return feature.properties.course ? spec.course : spec.land;
    }}).addTo(map);
    if (spec.highlight) {
      L.geoJSON(spec.highlight, {interactive: false, style: function () { return spec.highlighted; }})
        .addTo(map);
    }
  }

  /* Layers: {base: [name, ...], collapsed, position}; the base layers are the outlines and ``base``,
     and ``overlays`` [{layer, name}] registered by the map's ck.overlay calls. */
  function layers(map, spec, base, overlays) {
    var Control = textLayers();
    var control = new Control(null, null, {collapsed: spec.collapsed, position: spec.position,
                                           autoZIndex: true});
    base.forEach(function (layer, i) { control.addBaseLayer(layer, spec.base[i]); });
    overlays.slice().sort(function (a, b) { return a.order - b.order; })
      .forEach(function (o) { control.addOverlay(o.layer, o.name); });
    control.addTo(map);
    if (base[1]) {
      offlineNotice(map, base[1], spec.base[1]);
    }
  }

  /* One map's calls: ``node`` is its JSON data block; each call names an entry by its index. */
  function figure(node) {
    var data = JSON.parse(node.textContent);
    var overlays = [];
    var state = {map: null, entries: [], groups: [], pinned: null, story: null};
    return {
      markers: function (layer, key) { markers(state, layer, data[key]); },
      links: function (layer, key) { links(layer, data[key]); },
      legend: function (map, key) { legend(map, data[key]); },
      story: function (map, key) { story(state, map, data[key]); },
      overlay: function (layer, key) {
        var order = typeof data[key].order === "number" ? data[key].order : overlays.length;
        overlays.push({layer: layer, name: data[key].name, order: order});
      },
      outlines: function (map, key) { outlines(state, map, data[key]); },
      layers: function (map, key, base) { layers(map, data[key], [state.outlines].concat(base), overlays); },
      frame: function (map, key) { frame(state, map, data[key]); }
    };
  }

  /* The text alternative is folded under the map; print it (and the PDF) unfolded. */
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.ck-map__alt:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      d.setAttribute("data-ck-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details.ck-map__alt[data-ck-print-opened]").forEach(function (d) {
      d.removeAttribute("open");
      d.removeAttribute("data-ck-print-opened");
    });
  });

  window.coursekitMaps = {figure: figure};
})();
