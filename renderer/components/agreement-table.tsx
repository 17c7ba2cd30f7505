import type { PairAgreement, RankingInput } from '../../shared/scoring/comparison';

const format = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));

/**
 * How much each pair of rankings agrees: Kendall's τ over the documents both rank (−1 reversed,
 * 1 the same order), rank-biased overlap (top-weighted, 0 disjoint to 1 identical, with its
 * certain lower bound), and how many of the first k documents the two share.
 */
export function AgreementTable({
  rankings,
  pairs,
  p,
  k,
}: {
  rankings: readonly RankingInput[];
  pairs: readonly PairAgreement[];
  p: number;
  k: number;
}) {
  return (
    <table className="agreement-table" aria-label="Agreement between rankings">
      <thead>
        <tr>
          <th scope="col">Rankings</th>
          <th scope="col" title="Kendall's τ over the documents both rankings hold">
            Kendall τ
          </th>
          <th scope="col" title="Rank-biased overlap, extrapolated; the lower bound in brackets">
            RBO (p = {p})
          </th>
          <th scope="col" title="Documents both rankings have among their first k">
            Top-{k} overlap
          </th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((pair) => {
          const name = `${rankings[pair.a]!.label} vs ${rankings[pair.b]!.label}`;
          return (
            <tr key={`${pair.a}-${pair.b}`} aria-label={name}>
              <th scope="row">{name}</th>
              <td aria-label="Kendall τ">
                {format(pair.tau.tau)} <span className="hint">over {pair.tau.shared}</span>
              </td>
              <td aria-label="RBO">
                {format(pair.rbo.rbo)} <span className="hint">(≥ {format(pair.rbo.min)})</span>
              </td>
              <td aria-label="Top-k overlap">
                {pair.overlap.shared} / {pair.overlap.k}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
