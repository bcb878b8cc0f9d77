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
      }
    });
    return marker;
  }

  /* Markers: [{lat, lon, shape, colour, name, label?, text?, popup?}] into a layer. */
  function markers(layer, items) {
    items.forEach(function (item) {
      makeMarker(item, item.size || 22).addTo(layer);
    });
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
  function story(map, spec) {
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
      return marker.addTo(layer);
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
      made.forEach(function (marker, j) {
        var node = marker.getElement();
        if (node) {
          node.classList.toggle("ck-story__marker--current", j === current);
        }
        marker.setZIndexOffset(j === current ? 1000 : 0);
      });
      map.panTo([stop.lat, stop.lon]);
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

  /* Layers: {base: [name, ...], collapsed, position}; ``base`` the base layers, in that order,
     and ``overlays`` [{layer, name}] registered by the map's ck.overlay calls. */
  function layers(map, spec, base, overlays) {
    var Control = textLayers();
    var control = new Control(null, null, {collapsed: spec.collapsed, position: spec.position,
                                           autoZIndex: true});
    base.forEach(function (layer, i) { control.addBaseLayer(layer, spec.base[i]); });
    overlays.forEach(function (o) { control.addOverlay(o.layer, o.name); });
    control.addTo(map);
  }

  /* One map's calls: ``node`` is its JSON data block; each call names an entry by its index. */
  function figure(node) {
    var data = JSON.parse(node.textContent);
    var overlays = [];
    return {
      markers: function (layer, key) { markers(layer, data[key]); },
      links: function (layer, key) { links(layer, data[key]); },
      legend: function (map, key) { legend(map, data[key]); },
      story: function (map, key) { story(map, data[key]); },
      overlay: function (layer, key) { overlays.push({layer: layer, name: data[key].name}); },
      layers: function (map, key, base) { layers(map, data[key], base, overlays); }
    };
  }

  window.coursekitMaps = {figure: figure};
})();
