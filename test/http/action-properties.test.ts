import { describeEdgeProperties } from '../support/action-properties';

/**
 * Property tests for the Action.Execute edge that are not about one verb; the verbs' own
 * properties are in action-verbs-*.test.ts, split so the files run side by side.
 */
describeEdgeProperties();
