// Link quality of one vehicle from its paths (gcs.PathStatus: loss is a
// fraction of frames lost, rate frames a second, active the path commands
// go on): a short text for the fleet table, a level for its colour and a
// value to sort by (higher is better, a lost link lowest).

/** linkState: "LOST", "ok", "backup" (commands go on a secondary path). */
export function linkState(v) {
  if (v.link_lost) return 'LOST';
  const paths = v.paths || [];
  if (paths.length > 1 && !paths[0].active) return 'backup';
  return 'ok';
}

/** linkQuality(v) is {text, level ('' | 'warn' | 'crit'), score}. */
export function linkQuality(v) {
  const paths = v.paths || [];
  const active = paths.find((p) => p.active) || paths[0];
  if (v.link_lost) {
    return { text: `LOST${active ? ` ${active.link}` : ''}`, level: 'crit', score: -1 };
  }
  if (!active) return { text: '—', level: 'warn', score: 0 };
  const loss = Math.round((active.loss || 0) * 100);
  const state = linkState(v);
  const down = paths.some((p) => !p.up);
  const text = `${state === 'backup' ? '⇄ ' : ''}${active.link} ${loss}% ${Math.round(active.rate || 0)}/s`;
  const level = loss >= 10 || state === 'backup' || down ? 'warn' : '';
  return { text, level, score: 100 - loss - (state === 'backup' ? 0.5 : 0) - (down ? 0.25 : 0) };
}

/** linkDetail lists every path of v, one a line, for a tooltip. */
export function linkDetail(v) {
  return (v.paths || []).map((p) => `${p.link} ${p.remote || ''}${p.active ? ' active' : ''} ${p.up ? 'up' : 'DOWN'}, `
    + `${Math.round((p.loss || 0) * 100)}% lost, ${(p.rate || 0).toFixed(1)} frames/s`).join('\n') || 'no path';
}
