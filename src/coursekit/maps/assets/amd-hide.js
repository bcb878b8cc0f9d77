/* coursekit maps: hide an AMD loader (require.js, loaded by Jupyter widgets on some pages) while
   Leaflet's UMD bundle runs, so that Leaflet sets window.L instead of calling define().
   coursekit-maps.js, which is loaded right after Leaflet, puts define back. */
(function () {
  "use strict";
  if (typeof window.define === "function" && window.define.amd) {
    window.__coursekitDefine = window.define;
    window.define = undefined;
  }
})();
