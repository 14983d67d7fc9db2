// A store of the station's objects by id (targets, incidents) for the
// console's panels and layers: replaced whole by a snapshot, upserted one
// at a time by the feed, one of them selected; listeners hear which ids
// changed.

/**
 * createKeyedStore returns {list(), get(id), selected, reset(list),
 * upsert(x), remove(id), select(id), subscribe(fn)}; fn(ids, all) after
 * each change (all: redraw everything). opts: name (for the console's
 * messages), valid(x) (an object that can be shown), order(a, b) (the
 * list's order), stale(old, x) (x is older than what is held: ignored).
 */
export function createKeyedStore({ name, valid, order, stale = () => false }) {
  const items = new Map();
  const listeners = new Set();
  let selected = null;
  const tell = (ids, all = false) => {
    for (const fn of listeners) {
      try {
        fn(ids, all);
      } catch (err) {
        console.error(`skerry: ${name} view`, err);
      }
    }
  };
  return {
    list: () => [...items.values()].sort(order),
    get: (id) => items.get(id) || null,
    get selected() { return selected; },
    /** reset replaces every item (a snapshot's list; absent: none). */
    reset(list) {
      items.clear();
      for (const x of Array.isArray(list) ? list : []) if (valid(x)) items.set(x.id, x);
      if (selected && !items.has(selected)) selected = null;
      tell([], true);
    },
    /** upsert takes one item as it now is, unless it is stale. */
    upsert(x) {
      if (!valid(x)) {
        console.warn(`skerry: ${name}: not one`, x);
        return;
      }
      const old = items.get(x.id);
      if (old && stale(old, x)) return;
      items.set(x.id, x);
      tell([x.id]);
    },
    /** remove drops an item (one that left the picture). */
    remove(id) {
      if (!items.delete(id)) return;
      if (selected === id) selected = null;
      tell([id], true);
    },
    /** select makes id the selected item (null: none). */
    select(id) {
      selected = id && items.has(id) ? id : null;
      tell([], true);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
