/**
 * Lessons: the format (types), reading and validating lesson files, checking
 * a run against a lesson's checks, and grading predictions. Browser-safe; the
 * Node-only loader that reads lesson folders from disk is `load-from-disk.ts`.
 */
export type * from './types';
export { LESSON_FILE_NAMES, LOCALITY_LEVELS, METRIC_NAMES, REQUIRED_LESSON_FILES, SECTION_HEADINGS } from './types';
export {
  parseCourseFile,
  courseFromFiles,
  CourseFormatError,
  COURSE_FILE_NAME,
  type CourseFile,
  type Course,
} from './course';
export {
  COURSE_FILE_MAX_BYTES,
  COURSE_FILES_MAX_BYTES,
  courseFilePathProblem,
  courseFileProblems,
  courseImagePath,
  imageReferences,
  isCourseImage,
} from './course-files';
export { parseLesson, lessonsFromFiles, LessonFormatError } from './parse';
export { parseFrontMatter, FrontMatterError } from './front-matter';
export { evaluateChecks, describeBounds } from './checks';
export { gradePredictions, measureQuestion } from './predictions';
export {
  checksFor,
  questionsFor,
  inLanguage,
  languageOfFile,
  markdownIn,
  textIn,
  type LessonLanguage,
} from './language';
export { measureRun, shuffleLines, type RunMeasures } from './measure';
export { LESSON_CLUSTER, lessonConf } from './conf';
