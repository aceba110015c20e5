// "Did you mean" for the names a user types on the command line: languages, event ids.

/** The candidates close to `input` (a prefix, a part, or at most two edits away), best first; at most `limit`. */
export function closestNames(input: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = input.trim().toLowerCase();
  if (wanted === '') return [];
  const scored = candidates
    .map((candidate) => ({ candidate, score: score(wanted, candidate.toLowerCase()) }))
    .filter((entry) => entry.score < Infinity);
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

// Lower is closer: prefixes and parts (`s3` for `s3-put`) beat typos, which count their edits.
function score(wanted: string, candidate: string): number {
  if (candidate.startsWith(wanted)) return 0;
  if (candidate.includes(wanted) || (wanted.length >= 3 && wanted.includes(candidate))) return 1;
  const distance = editDistance(wanted, candidate);
  const allowed = wanted.length <= 4 ? 1 : 2;
  return distance <= allowed ? 1 + distance : Infinity;
}

/** Levenshtein distance, with one row of memory. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
