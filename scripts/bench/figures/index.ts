/**
 * The figures `npm run bench` reports: how each is measured, against which
 * baseline, and what answer both sides must agree on. One file per kind.
 */
import type { Figure } from './common';
import { coresSpeedup } from './cores';
import { partitionDataOverhead } from './partition-data';
import { firstTask, tasksPerSecond } from './scheduler';
import { shuffleVsRawIdb, spillJob } from './shuffle';
import { sqlGroupBySpeedup, sqlJoinVsRdd } from './sql';
import { timelineFps, uiLongestBlock } from './views';
import { pythonFirstTask, pythonWordcountVsJs } from './python';
import { engineOverhead, wordcountSpeedup } from './wordcount';

export type { Figure, FigureContext, FigureResult } from './common';

/** Every figure, in the order they run. */
export const FIGURES: Figure[] = [
  wordcountSpeedup,
  engineOverhead,
  shuffleVsRawIdb,
  tasksPerSecond,
  coresSpeedup,
  firstTask,
  spillJob,
  partitionDataOverhead,
  sqlGroupBySpeedup,
  sqlJoinVsRdd,
  timelineFps,
  uiLongestBlock,
  pythonFirstTask,
  pythonWordcountVsJs,
];
