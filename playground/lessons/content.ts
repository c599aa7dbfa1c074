/**
 * The course, bundled: every file of every lesson folder, read at build time
 * (so the lessons are part of the built site; the built-in `lessons/`, or the
 * folder KINDLING_LESSONS names, see scripts/vite-lessons.ts) and parsed by the
 * engine's lesson reader. A lesson with a format problem is left out of the
 * list and reported, so one broken folder does not take the course down.
 */
import files, { courseFiles } from 'virtual:kindling-lessons';
import { lessonsFromFiles, type Lesson, type LessonFormatError } from '../../engine/lessons';

const parsed = lessonsFromFiles(files);

/** Every lesson, in course order. */
export const LESSONS: readonly Lesson[] = parsed.lessons;

/** Lesson folders that could not be read, with every problem in them. */
export const BROKEN_LESSONS: readonly LessonFormatError[] = parsed.broken;

/**
 * The data and image files of the course folder the site was built with (its course.json's `files`), carried at
 * these paths beside the site's own; none for the built-in lessons.
 */
export const BUILT_COURSE_FILES: readonly string[] = courseFiles;
