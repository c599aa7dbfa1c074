/**
 * The DAG's geometry: a job's stages and RDDs as an ELK graph (layered,
 * top to bottom, stages as compound nodes holding their RDDs, every edge
 * routed across the hierarchy), and ELK's answer read back into absolute
 * boxes and SVG paths. Running ELK is someone else's job (`elk-client.ts` in
 * the page, elkjs directly in tests); nothing here is placed by hand.
 */
import type { ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api';
import { STAGE_STATUS } from './colors';
import { rddDetailParts, type DagEdge, type DagRdd, type DagStage, type JobDag } from './dag-model';

/** Measures a string's width in CSS pixels in a CSS font. */
export type MeasureText = (text: string, font: string) => number;

export const DAG_FONT = {
  operator: '600 13px system-ui, -apple-system, "Segoe UI", sans-serif',
  detail: '11px system-ui, -apple-system, "Segoe UI", sans-serif',
  title: '600 13px system-ui, -apple-system, "Segoe UI", sans-serif',
  status: '12px system-ui, -apple-system, "Segoe UI", sans-serif',
};

export const DAG_METRICS = {
  nodeHeight: 44,
  nodePaddingX: 10,
  /** Room for the cached-RDD dot at a node's right. */
  cachedMarkWidth: 14,
  nodeMinWidth: 120,
  nodeMaxWidth: 230,
  stagePadding: 12,
  /** Two header lines above the RDDs: title and status, then progress. */
  stageHeaderHeight: 44,
};

/** A rough measure for when no canvas is at hand (Node tests): 0.6em per character. */
export const approximateMeasure: MeasureText = (text, font) => {
  const size = Number(/(\d+)px/.exec(font)?.[1] ?? 12);
  return text.length * size * 0.6;
};

export interface PositionedRdd {
  rdd: DagRdd;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PositionedStage {
  stage: DagStage;
  x: number;
  y: number;
  width: number;
  height: number;
  rdds: PositionedRdd[];
}

export interface PositionedEdge {
  edge: DagEdge;
  /** Absolute points from the parent RDD's box to the child's. */
  points: ElkPoint[];
  /** SVG path data with softly rounded corners. */
  path: string;
  /** Where a shuffle edge's label sits: halfway along its longest stretch outside every stage box. */
  middle: ElkPoint;
}

export interface DagLayout {
  width: number;
  height: number;
  stages: PositionedStage[];
  edges: PositionedEdge[];
  /** RDD node keys in reading order (stage by stage, top to bottom, left to right): the keyboard's order. */
  order: string[];
}

/** The second line of an RDD node: its class and call-site line. */
export function rddDetailText(rdd: DagRdd): string {
  return rddDetailParts(rdd).join(' · ');
}

/** The stage header's first line after the title: the status icon and word. */
export function stageStatusText(stage: DagStage): string {
  const style = STAGE_STATUS[stage.status];
  return `${style.icon} ${style.label}`;
}

/**
 * Builds the ELK graph for a job's DAG. Node sizes come from measured text,
 * so labels fit; every RDD node of a stage is at least as wide as the stage's
 * header needs (ELK ignores minimum sizes of compound nodes laid out with
 * their children).
 *
 * @example
 * const graph = toElkGraph(dag, approximateMeasure);
 * const layout = readElkLayout(dag, await new ELK().layout(graph));
 */
export function toElkGraph(dag: JobDag, measure: MeasureText): ElkNode {
  const m = DAG_METRICS;
  // One width for every RDD node of the job: columns line up and the picture stays calm.
  const nodeWidth = Math.max(
    m.nodeMinWidth,
    ...dag.stages.flatMap((stage) => stage.rdds.map((rdd) => rddNodeWidth(rdd, measure))),
  );
  const children: ElkNode[] = dag.stages.map((stage) => {
    const headerWidth = stageHeaderWidth(stage, measure) - 2 * m.stagePadding;
    const nodes: ElkNode[] = stage.rdds.map((rdd) => ({
      id: rdd.key,
      width: Math.max(nodeWidth, Math.min(headerWidth, m.nodeMaxWidth)),
      height: m.nodeHeight,
    }));
    if (nodes.length === 0) {
      // A stage whose log lists no RDDs still needs a body to hold its header.
      nodes.push({
        id: `${stageNodeId(stage.stageId)}-empty`,
        width: Math.max(headerWidth, m.nodeMinWidth),
        height: 8,
      });
    }
    return {
      id: stageNodeId(stage.stageId),
      layoutOptions: {
        'elk.padding': `[top=${m.stageHeaderHeight + m.stagePadding},left=${m.stagePadding},bottom=${m.stagePadding},right=${m.stagePadding}]`,
      },
      children: nodes,
    };
  });
  const edges: ElkExtendedEdge[] = dag.edges.map((edge) => ({
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
      'elk.layered.spacing.nodeNodeBetweenLayers': '26',
      'elk.spacing.edgeNode': '14',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children,
    edges,
  };
}

/**
 * Reads ELK's laid-out graph back into absolute positions. Node positions in
 * ELK's answer are relative to their parent, edge points relative to the edge's
 * `container` (the lowest node holding both ends).
 */
export function readElkLayout(dag: JobDag, laidOut: ElkNode): DagLayout {
  const offsets = new Map<string, ElkPoint>([['root', { x: 0, y: 0 }]]);
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const stageNode of laidOut.children ?? []) {
    const sx = stageNode.x ?? 0;
    const sy = stageNode.y ?? 0;
    offsets.set(stageNode.id, { x: sx, y: sy });
    boxes.set(stageNode.id, { x: sx, y: sy, width: stageNode.width ?? 0, height: stageNode.height ?? 0 });
    for (const node of stageNode.children ?? []) {
      boxes.set(node.id, {
        x: sx + (node.x ?? 0),
        y: sy + (node.y ?? 0),
        width: node.width ?? 0,
        height: node.height ?? 0,
      });
    }
  }

  // A layout made for an older shape of the DAG may lack some stages or RDDs: those are left out.
  const stages: PositionedStage[] = [];
  for (const stage of dag.stages) {
    const box = boxes.get(stageNodeId(stage.stageId));
    if (!box) continue;
    const rdds: PositionedRdd[] = [];
    for (const rdd of stage.rdds) {
      const rddBox = boxes.get(rdd.key);
      if (rddBox) rdds.push({ rdd, ...rddBox });
    }
    stages.push({ stage, ...box, rdds });
  }

  const edgesById = new Map(dag.edges.map((e) => [e.key, e]));
  const edges: PositionedEdge[] = [];
  for (const laid of laidOut.edges ?? []) {
    const edge = edgesById.get(laid.id);
    if (!edge) continue;
    const offset = offsets.get(laid.container ?? 'root') ?? { x: 0, y: 0 };
    const points: ElkPoint[] = [];
    for (const section of laid.sections ?? []) {
      for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) {
        const abs = { x: p.x + offset.x, y: p.y + offset.y };
        const last = points[points.length - 1];
        if (!last || last.x !== abs.x || last.y !== abs.y) points.push(abs);
      }
    }
    if (points.length < 2) continue;
    edges.push({ edge, points, path: roundedPath(points, 6), middle: labelPoint(points, stages) });
  }

  const order = [...stages]
    .sort((a, b) => a.stage.stageId - b.stage.stageId)
    .flatMap((s) => [...s.rdds].sort((a, b) => a.y - b.y || a.x - b.x).map((r) => r.rdd.key));

  return { width: laidOut.width ?? 0, height: laidOut.height ?? 0, stages, edges, order };
}

/** The ELK node id of a stage's box. */
export function stageNodeId(stageId: number): string {
  return `stage${stageId}`;
}

/** Width a stage's two header lines need, padding included. */
export function stageHeaderWidth(stage: DagStage, measure: MeasureText): number {
  const first = measure(stage.title, DAG_FONT.title) + 10 + measure(stageStatusText(stage), DAG_FONT.status);
  const second = measure(stage.progressText, DAG_FONT.status);
  return Math.ceil(Math.max(first, second)) + 2 * DAG_METRICS.stagePadding;
}

/**
 * When the layout must be redone: the graph's shape changed, or a stage's
 * header grew past the width its nodes were given (a failed attempt adds words).
 */
export function layoutKey(dag: JobDag, structureKey: string, measure: MeasureText): string {
  const widths = dag.stages.map((s) => Math.ceil(stageHeaderWidth(s, measure) / 32)).join(',');
  return `${structureKey}@${widths}`;
}

function rddNodeWidth(rdd: DagRdd, measure: MeasureText): number {
  const m = DAG_METRICS;
  const text = Math.max(measure(rdd.operator, DAG_FONT.operator), measure(rddDetailText(rdd), DAG_FONT.detail));
  const width = Math.ceil(text) + 2 * m.nodePaddingX + (rdd.cached ? m.cachedMarkWidth : 0);
  return Math.min(m.nodeMaxWidth, Math.max(m.nodeMinWidth, width));
}

/** A polyline with each corner rounded by up to `radius`. */
export function roundedPath(points: ElkPoint[], radius: number): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  let d = `M${f(points[0].x)},${f(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1];
    const here = points[i];
    const next = points[i + 1];
    const inLen = Math.hypot(here.x - prev.x, here.y - prev.y);
    const outLen = Math.hypot(next.x - here.x, next.y - here.y);
    const r = Math.min(radius, inLen / 2, outLen / 2);
    if (r <= 0.5) {
      d += ` L${f(here.x)},${f(here.y)}`;
      continue;
    }
    const a = { x: here.x - ((here.x - prev.x) / inLen) * r, y: here.y - ((here.y - prev.y) / inLen) * r };
    const b = { x: here.x + ((next.x - here.x) / outLen) * r, y: here.y + ((next.y - here.y) / outLen) * r };
    d += ` L${f(a.x)},${f(a.y)} Q${f(here.x)},${f(here.y)} ${f(b.x)},${f(b.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${f(last.x)},${f(last.y)}`;
}

/**
 * The middle of the longest run of the path that lies outside all stage boxes
 * (between stages, where a label hides nothing), or the path's middle.
 */
export function labelPoint(
  points: ElkPoint[],
  boxes: readonly { x: number; y: number; width: number; height: number }[],
): ElkPoint {
  const samples: ElkPoint[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2));
    for (let k = i === 1 ? 0 : 1; k <= steps; k++) {
      samples.push({ x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps });
    }
  }
  const outside = (p: ElkPoint) =>
    !boxes.some((box) => p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height);
  let best: [number, number] | null = null;
  let runStart = -1;
  for (let i = 0; i <= samples.length; i++) {
    if (i < samples.length && outside(samples[i])) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      if (!best || i - runStart > best[1] - best[0]) best = [runStart, i];
      runStart = -1;
    }
  }
  if (!best) return pointHalfway(points);
  return samples[Math.floor((best[0] + best[1] - 1) / 2)];
}

function pointHalfway(points: ElkPoint[]): ElkPoint {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let remaining = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (remaining <= lengths[i] && lengths[i] > 0) {
      const t = remaining / lengths[i];
      return {
        x: points[i].x + (points[i + 1].x - points[i].x) * t,
        y: points[i].y + (points[i + 1].y - points[i].y) * t,
      };
    }
    remaining -= lengths[i];
  }
  return points[points.length - 1];
}
