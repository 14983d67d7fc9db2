// The planners of POST /api/plan/{kind} (web/planapi.go): the geometry
// each one needs and its parameters, with labels, units and the planners'
// defaults, and buildRequest, which turns the form's values into the
// request body.

/** Parameters every planner takes. */
export const COMMON = [
  { name: 'altitude', label: 'Altitude', unit: 'm', value: 60, min: 1, max: 1000, step: 1, hint: 'above home' },
  { name: 'speed', label: 'Speed', unit: 'm/s', value: 10, min: 0.5, max: 40, step: 0.5 },
  { name: 'margin', label: 'Zone margin', unit: 'm', value: 20, min: 0, max: 2000, step: 5, hint: 'kept from excluded zones' },
];

/**
 * KINDS: kind -> {label, shape ('line' | 'polygon' | 'point'), help,
 * params}. A param is {name, label, unit, value, min, max, step} for a
 * number, {type: 'checkbox'} or {type: 'select', options: [[value, label]]};
 * scale converts the shown value to the request's (percent -> fraction).
 */
export const KINDS = {
  coast: {
    label: 'Coastline patrol', shape: 'line',
    help: 'Draw or pick a coastline; the patrol flies offset out to sea and back.',
    params: [
      { name: 'offset', label: 'Offset to sea', unit: 'm', value: 300, min: 0, max: 5000, step: 10 },
      { name: 'sea_side', label: 'Sea side', type: 'select', value: 'auto',
        options: [['auto', 'auto (basemap)'], ['left', 'left of the line'], ['right', 'right of the line']] },
      { name: 'length', label: 'Length', unit: 'm', value: 0, min: 0, max: 200000, step: 100, hint: '0 = whole line' },
      { name: 'loop', label: 'Loop back farther out', type: 'checkbox', value: false },
    ],
  },
  perimeter: {
    label: 'Port perimeter', shape: 'polygon',
    help: 'Draw or pick a port area; the patrol circles it at the offset.',
    params: [
      { name: 'offset', label: 'Offset outside', unit: 'm', value: 150, min: 0, max: 5000, step: 10 },
      { name: 'laps', label: 'Laps', unit: '', value: 1, min: 1, max: 20, step: 1 },
      { name: 'clockwise', label: 'Clockwise', type: 'checkbox', value: false },
    ],
  },
  survey: {
    label: 'Area survey (camera)', shape: 'polygon', camera: true,
    help: 'Draw or pick an area; lawnmower lines at the camera\'s spacing.',
    params: [
      { name: 'angle', label: 'Line direction', unit: '°', value: 0, min: 0, max: 359, step: 1, hint: '0 = north–south' },
      { name: 'side_overlap', label: 'Side overlap', unit: '%', value: 70, min: 0, max: 95, step: 5, scale: 0.01 },
      { name: 'front_overlap', label: 'Front overlap', unit: '%', value: 80, min: 0, max: 95, step: 5, scale: 0.01 },
      { name: 'spacing', label: 'Line spacing', unit: 'm', value: 0, min: 0, max: 5000, step: 5, hint: '0 = from the camera' },
    ],
  },
  orbit: {
    label: 'Orbit', shape: 'point',
    help: 'Click the point to circle.',
    params: [
      { name: 'radius', label: 'Radius', unit: 'm', value: 200, min: 10, max: 5000, step: 10 },
      { name: 'turns', label: 'Turns', unit: '', value: 3, min: 1, max: 100, step: 1 },
    ],
  },
  'expanding-square': {
    label: 'Expanding square (SAR)', shape: 'point',
    help: 'Click the datum; legs S, S, 2S, 2S… turning right.',
    params: [
      { name: 'spacing', label: 'Track spacing', unit: 'm', value: 200, min: 10, max: 5000, step: 10 },
      { name: 'legs', label: 'Legs', unit: '', value: 12, min: 2, max: 100, step: 1 },
      { name: 'heading', label: 'First leg', unit: '°', value: 0, min: 0, max: 359, step: 1 },
    ],
  },
  sector: {
    label: 'Sector search (SAR)', shape: 'point',
    help: 'Click the datum; triangles through it, turned 30° each pattern.',
    params: [
      { name: 'radius', label: 'Radius', unit: 'm', value: 1000, min: 50, max: 20000, step: 50 },
      { name: 'sectors', label: 'Sectors', unit: '', value: 9, min: 3, max: 36, step: 1 },
      { name: 'heading', label: 'First leg', unit: '°', value: 0, min: 0, max: 359, step: 1 },
    ],
  },
  'creeping-line': {
    label: 'Creeping line (SAR)', shape: 'polygon',
    help: 'Draw or pick the search area; legs across its long axis.',
    params: [
      { name: 'spacing', label: 'Track spacing', unit: 'm', value: 200, min: 10, max: 5000, step: 10 },
    ],
  },
};

/** Survey cameras (planner.Camera); the first is the default. */
export const CAMERAS = [
  { id: 'p4p', label: '1″ 20 MP, 8.8 mm (Phantom 4 Pro class)', SensorWidthMM: 13.2, SensorHeightMM: 8.8, ImageWidthPx: 5472, ImageHeightPx: 3648, FocalMM: 8.8 },
  { id: 'm3e', label: '4/3″ 20 MP, 12.3 mm (Mavic 3E class)', SensorWidthMM: 17.3, SensorHeightMM: 13, ImageWidthPx: 5280, ImageHeightPx: 3956, FocalMM: 12.29 },
  { id: 'apsc', label: 'APS-C 24 MP, 16 mm (mapping camera)', SensorWidthMM: 23.5, SensorHeightMM: 15.6, ImageWidthPx: 6000, ImageHeightPx: 4000, FocalMM: 16 },
];

/** The camera fields, in the form and in the request. */
export const CAMERA_FIELDS = [
  ['SensorWidthMM', 'Sensor width', 'mm', 0.1],
  ['SensorHeightMM', 'Sensor height', 'mm', 0.1],
  ['ImageWidthPx', 'Image width', 'px', 1],
  ['ImageHeightPx', 'Image height', 'px', 1],
  ['FocalMM', 'Focal length', 'mm', 0.01],
];

/**
 * cameraCoverage is a survey request's photo footprint, as the station's
 * reply gives it ({footprint_side_m, footprint_front_m, gsd_cm_px}), or
 * null for other requests.
 */
export function cameraCoverage(req) {
  const c = req?.camera;
  if (!c || !(c.FocalMM > 0) || !(c.ImageWidthPx > 0)) return null;
  const alt = req.altitude > 0 ? req.altitude : 60;
  return {
    footprint_side_m: (alt * c.SensorWidthMM) / c.FocalMM,
    footprint_front_m: (alt * c.SensorHeightMM) / c.FocalMM,
    gsd_cm_px: (alt * c.SensorWidthMM * 100) / (c.ImageWidthPx * c.FocalMM),
  };
}

/**
 * buildRequest makes the body of POST /api/plan/{kind} from the form's
 * values ({name: shown value}), the geometry (an array of [lat, lon]) and
 * the camera. Throws an Error with a plain message when the geometry
 * does not fit the planner.
 */
export function buildRequest(kind, values, points, camera, name) {
  const def = KINDS[kind];
  if (!def) throw new Error(`unknown planner ${kind}`);
  const req = {};
  if (name) req.name = name;
  for (const p of [...COMMON, ...def.params]) {
    const v = values[p.name];
    if (p.type === 'checkbox') req[p.name] = Boolean(v);
    else if (p.type === 'select') req[p.name] = String(v);
    else {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new Error(`${p.label}: not a number`);
      req[p.name] = p.scale ? n * p.scale : n;
    }
  }
  const ll = (p) => [Number(p[1].toFixed(7)), Number(p[0].toFixed(7))];
  const pts = points || [];
  if (def.shape === 'point') {
    if (pts.length < 1) throw new Error('Draw or pick a point first.');
    req.at = [Number(pts[0][0].toFixed(7)), Number(pts[0][1].toFixed(7))];
  } else if (def.shape === 'line') {
    if (pts.length < 2) throw new Error('Draw or pick a line of at least 2 points first.');
    req.geometry = { type: 'LineString', coordinates: pts.map(ll) };
  } else {
    if (pts.length < 3) throw new Error('Draw or pick an area of at least 3 points first.');
    const ring = pts.map(ll);
    ring.push(ring[0]);
    req.geometry = { type: 'Polygon', coordinates: [ring] };
  }
  if (def.camera) req.camera = { ...camera };
  return req;
}
