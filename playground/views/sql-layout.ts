/**
 * The SQL plan graph's geometry, the way the stage DAG gets its own
 * (dag-layout.ts): an ELK graph (layered, rows flowing top to bottom from the
 * scans to the plan's root, as the Spark UI draws a query), whole-stage
 * codegen blocks as compound nodes around their operators, laid out by ELK in
 * its worker (elk-client.ts) and read back into absolute boxes and paths.
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import { roundedPath, type MeasureText } from './dag-layout';
import type { SqlGraphCluster, SqlGraphEdge, SqlGraphNode, SqlGraphView } from './sql-view-model';

export const SQL_FONT = {
  name: '600 13px system-ui, -apple-system, "Segoe UI", sans-serif',
  metric: '11px system-ui, -apple-system, "Segoe UI", sans-serif',
  cluster: '600 12px system-ui, -apple-system, "Segoe UI", sans-serif',
};

export const SQL_METRICS = {
  nodePaddingX: 10,
  nameLine: 24,
  metricLine: 15,
  nodePaddingBottom: 8,
  nodeMinWidth: 140,
  nodeMaxWidth: 280,
  clusterPadding: 10,
  clusterHeader: 22,
  /** At most this many metric lines in a box; the rest are in the details below the graph. */
  maxMetricLines: 6,
};

export interface PositionedSqlNode {
  node: SqlGraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedSqlCluster {
  cluster: SqlGraphCluster;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedSqlEdge {
  edge: SqlGraphEdge;
  points: ElkPoint[];
  path: string;
}

export interface SqlLayout {
  width: number;
  height: number;
  nodes: PositionedSqlNode[];
  clusters: PositionedSqlCluster[];
  edges: PositionedSqlEdge[];
}

/** The lines a node's box shows under its name: `name: value` per metric, up to the cap. */
export function nodeMetricLines(node: SqlGraphNode): string[] {
  const lines = node.metrics.map((m) => `${m.name}: ${m.short}`);
  if (lines.length <= SQL_METRICS.maxMetricLines) return lines;
  const shown = lines.slice(0, SQL_METRICS.maxMetricLines - 1);
  shown.push(`+ ${lines.length - shown.length} more metrics`);
  return shown;
}

/** What the box's first row says after the operator's name: the program line it comes from. */
export function nodeLineLabel(node: SqlGraphNode): string {
  return node.line !== undefined ? `line ${node.line}` : '';
}

/** Space between the name and the line label on a box's first row. */
export const LINE_LABEL_GAP = 8;

export function nodeSize(node: SqlGraphNode, measure: MeasureText): { width: number; height: number } {
  const m = SQL_METRICS;
  const lines = nodeMetricLines(node);
  const label = nodeLineLabel(node);
  const title = measure(node.name, SQL_FONT.name) + (label ? LINE_LABEL_GAP + measure(label, SQL_FONT.metric) : 0);
  const text = Math.max(title, ...lines.map((line) => measure(line, SQL_FONT.metric)));
  return {
    width: Math.min(m.nodeMaxWidth, Math.max(m.nodeMinWidth, Math.ceil(text) + 2 * m.nodePaddingX)),
    height: m.nameLine + lines.length * m.metricLine + m.nodePaddingBottom,
  };
}

/** The words of a codegen block's header: its name and pipeline duration. */
export function clusterTitle(cluster: SqlGraphCluster): string {
  return cluster.duration ? `${cluster.name} · ${cluster.duration.short}` : cluster.name;
}

/**
 * The ELK graph for a plan: operators inside their codegen blocks, every
 * edge routed across the hierarchy.
 *
 * @example
 * const layout = readSqlLayout(view, await new ELK().layout(toSqlElkGraph(view, approximateMeasure)));
 */
export function toSqlElkGraph(view: SqlGraphView, measure: MeasureText): ElkNode {
  const m = SQL_METRICS;
  const elkNode = (node: SqlGraphNode): ElkNode => ({ id: node.key, ...nodeSize(node, measure) });
  const byKey = new Map(view.nodes.map((node) => [node.key, node]));
  const clustered = new Set(view.clusters.flatMap((c) => c.nodeKeys));
  const children: ElkNode[] = [
    ...view.clusters.map((cluster) => {
      // ELK ignores a compound node's minimum size: its operators are made wide enough for its title instead.
      const titleWidth = Math.min(m.nodeMaxWidth, Math.ceil(measure(clusterTitle(cluster), SQL_FONT.cluster)));
      return {
        id: cluster.key,
        layoutOptions: {
          'elk.padding': `[top=${m.clusterHeader + m.clusterPadding},left=${m.clusterPadding},bottom=${m.clusterPadding},right=${m.clusterPadding}]`,
        },
        children: cluster.nodeKeys.flatMap((key) => {
          const node = byKey.get(key);
          if (!node) return [];
          const box = elkNode(node);
          return [{ ...box, width: Math.max(box.width ?? 0, titleWidth) }];
        }),
      };
    }),
    ...view.nodes.filter((node) => !clustered.has(node.key)).map(elkNode),
  ];
  const edges: ElkExtendedEdge[] = view.edges.map((edge) => ({
    id: edge.key,
    sources: [edge.from],
    targets: [edge.to],
  }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.spacing.nodeNode': '18',
      'elk.layered.spacing.nodeNodeBetweenLayers': '22',
      'elk.spacing.edgeNode': '12',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children,
    edges,
  };
}

/** Reads ELK's answer into absolute positions (children are relative to their parent, edges to their container). */
export function readSqlLayout(view: SqlGraphView, laidOut: ElkNode): SqlLayout {
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  const walk = (node: ElkNode, ox: number, oy: number) => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      boxes.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
      walk(child, x, y);
    }
  };
  walk(laidOut, 0, 0);
  const nodes: PositionedSqlNode[] = view.nodes.flatMap((node) => {
    const box = boxes.get(node.key);
    return box ? [{ node, ...box }] : [];
  });
  const clusters: PositionedSqlCluster[] = view.clusters.flatMap((cluster) => {
    const box = boxes.get(cluster.key);
    return box ? [{ cluster, ...box }] : [];
  });
  const edgesByKey = new Map(view.edges.map((edge) => [edge.key, edge]));
  const edges: PositionedSqlEdge[] = [];
  for (const laid of laidOut.edges ?? []) {
    const edge = edgesByKey.get(laid.id);
    if (!edge) continue;
    const container = laid.container && laid.container !== 'root' ? boxes.get(laid.container) : undefined;
    const offset = { x: container?.x ?? 0, y: container?.y ?? 0 };
    const points: ElkPoint[] = [];
    for (const section of laid.sections ?? []) {
      for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) {
        const abs = { x: p.x + offset.x, y: p.y + offset.y };
        const last = points[points.length - 1];
        if (!last || last.x !== abs.x || last.y !== abs.y) points.push(abs);
      }
    }
    if (points.length >= 2) edges.push({ edge, points, path: roundedPath(points, 6) });
  }
  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, nodes, clusters, edges };
}
