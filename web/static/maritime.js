// The console's maritime picture, wired: the targets (targets.js) on the
// map (targetlayer.js) and in the vessel list by risk (targetlist.js),
// the incidents (incidents.js) on the map and in their panel
// (incidentpanel.js), raising one by hand (incidentraise.js), and sending
// a drone to look (inspect.js). app.js
// hands it the feed's snapshot and its target, target_removed and
// incident messages.
import { createTargets, nameOf } from './targets.js';
import { createTargetLayer } from './targetlayer.js';
import { createTargetList } from './targetlist.js';
import { createIncidents, createIncidentLayer } from './incidents.js';
import { createIncidentPanel } from './incidentpanel.js';
import { createRaise } from './incidentraise.js';
import { createInspect } from './inspect.js';

/**
 * createMaritime builds the maritime views. opts: map (Leaflet or null),
 * targetsRoot, incidentsRoot (elements), pilot() (who acts), contacts
 * (vessels.js) and selectContact(id) (to select a target's contact too).
 * Returns {targets, incidents, reset(snapshot), selectTarget(id)}.
 */
export function createMaritime(opts) {
  const targets = createTargets();
  const incidents = createIncidents();

  function selectTarget(id) {
    targets.select(id);
    const t = targets.get(id);
    if (!t) return;
    if (t.contact && opts.contacts?.get(t.contact)) opts.selectContact?.(t.contact);
    else opts.map?.panTo([t.lat, t.lon]);
  }

  createTargetLayer(opts.map, targets, selectTarget);
  createIncidentLayer(opts.map, incidents, (id) => incidents.select(id));
  let inspect = null; // built after the panel, which replaces the root's children
  const panel = createIncidentPanel(opts.incidentsRoot, incidents, {
    map: opts.map, pilot: opts.pilot, onTarget: selectTarget, onInspect: (id) => inspect.forIncident(id),
  });
  inspect = createInspect(opts.incidentsRoot, {
    map: opts.map, pilot: opts.pilot,
    nameOf: (id) => (targets.get(id) ? nameOf(targets.get(id)) : id),
  });
  const raise = createRaise(opts.incidentsRoot, {
    map: opts.map, pilot: opts.pilot,
    nameOf: (id) => (targets.get(id) ? nameOf(targets.get(id)) : id),
    onRaised: (inc) => {
      incidents.upsert(inc);
      incidents.select(inc.id);
    },
  });
  panel.head.append(raise.pointButton);
  createTargetList(opts.targetsRoot, targets, {
    onSelect: selectTarget, onRaise: (id) => raise.forTarget(id), onInspect: (id) => inspect.forTarget(id),
  });

  return {
    targets,
    incidents,
    inspect,
    selectTarget,
    /** reset takes a snapshot's targets and incidents (absent: none), and
     * reads the inspections again. */
    reset(data) {
      targets.reset(data?.targets);
      incidents.reset(data?.incidents);
      inspect.refresh();
    },
  };
}
