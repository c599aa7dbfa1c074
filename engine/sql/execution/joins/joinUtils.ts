/** What the join operators share: output by join type, the build side, printing. */
import type { AttributeReference } from '../../catalyst/expressions/namedExpressions';
import type { JoinType } from '../../catalyst/plans/logical/basicLogicalOperators';

export type BuildSide = 'BuildLeft' | 'BuildRight';

export function joinOutput(
  joinType: JoinType,
  left: readonly AttributeReference[],
  right: readonly AttributeReference[],
): AttributeReference[] {
  switch (joinType) {
    case 'LeftSemi':
    case 'LeftAnti':
      return [...left];
    case 'LeftOuter':
      return [...left, ...right.map((a) => a.withNullability(true))];
    case 'RightOuter':
      return [...left.map((a) => a.withNullability(true)), ...right];
    case 'FullOuter':
      return [...left, ...right].map((a) => a.withNullability(true));
    default:
      return [...left, ...right];
  }
}
