import { describeVerbProperties, verbsOfPart } from '../support/action-properties';

describeVerbProperties(verbsOfPart(1));
