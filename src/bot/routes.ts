import { actionTable } from './action-router';
import { baselineNeedAction, baselineOpenAction, baselineRefreshAction, baselineSetAction } from './actions/baseline-actions';
import { caseColleagueAddAction, caseColleagueOpenAction } from './actions/case-colleague';
import { caseCreateAction } from './actions/case-create';
import { consentOpenAction, consentRecordAction, consentWithdrawAction } from './actions/consent-actions';
import { requestAcceptAction, requestDeclineAction } from './actions/colleague-request-actions';
import { caseCloseAction, caseHistoryAction, caseListAction, caseNewAction, caseOpenAction, casePhaseAction, casePhaseBackAction, caseRefreshAction, sipEndAction } from './actions/case-views';
import { caseUnitSetAction } from './actions/case-unit-action';
import { helpShowAction } from './actions/help-show';
import {
  crisisExportAction,
  crisisLeaveAction,
  crisisOpenAction,
  crisisSaveAction,
  crisisSignAddAction,
  crisisSignRemoveAction,
  planEffortAddAction,
  planEffortRemoveAction,
  planGoalAddAction,
  planGoalRemoveAction,
  planEstablishAction,
  planExportAction,
  planLeaveAction,
  planVersionExportAction,
  planOpenAction,
  planSaveAction,
} from './actions/plan-actions';
import type { CommandTable } from './command-router';
import { baselineCommand, closeCaseCommand, historyCommand, linkCaseCommand, myCasesCommand, newCaseCommand, openCaseCommand, sipCommand } from './commands/case-commands';
import { crisisPlanCommand, planCommand } from './commands/plan-commands';
import { remindersCommand } from './commands/reminder-commands';
import { reminderPreferencesAction, reminderSnoozeAction } from './actions/reminder-actions';
import {
  sipCancelAction,
  sipChecklistOpenAction,
  sipHeldAction,
  sipInvitationOpenAction,
  sipInvitationSentAction,
  sipInvitationUndoAction,
  sipMoveAction,
  sipMoveOpenAction,
  sipOpenAction,
  sipPlanAction,
  sipPlanOpenAction,
  sipPreMeetingHeldAction,
  sipPreMeetingLeaveAction,
  sipPreMeetingOpenAction,
  sipPreMeetingSaveAction,
  sipRefreshAction,
} from './actions/sip-actions';
import { helpCommand } from './commands/help';
import { commandRunAction } from './actions/command-run';
import { evaluationConsentAction, evaluationDoneAction, evaluationOpenAction, evaluationUndoAction, evaluationWithdrawAction } from './actions/evaluation-actions';
import { evaluationCommand } from './commands/evaluation-commands';

/** Every text command and its handler: the one place to look for where a command is handled. */
export const COMMAND_HANDLERS: CommandTable = {
  help: helpCommand,
  newCase: newCaseCommand,
  myCases: myCasesCommand,
  openCase: openCaseCommand,
  baseline: baselineCommand,
  sip: sipCommand,
  plan: planCommand,
  crisisPlan: crisisPlanCommand,
  reminders: remindersCommand,
  linkCase: linkCaseCommand,
  closeCase: closeCaseCommand,
  history: historyCommand,
  evaluation: evaluationCommand,
};

/** Every Action.Execute verb and its handler. */
export const ACTION_ROUTES = actionTable([
  helpShowAction,
  commandRunAction(COMMAND_HANDLERS),
  caseNewAction,
  caseCreateAction,
  caseListAction,
  caseOpenAction,
  caseRefreshAction,
  caseHistoryAction,
  casePhaseAction,
  casePhaseBackAction,
  caseCloseAction,
  sipEndAction,
  requestAcceptAction,
  requestDeclineAction,
  caseColleagueOpenAction,
  caseColleagueAddAction,
  caseUnitSetAction,
  consentOpenAction,
  consentRecordAction,
  consentWithdrawAction,
  baselineOpenAction,
  baselineRefreshAction,
  baselineSetAction,
  baselineNeedAction,
  sipOpenAction,
  sipRefreshAction,
  sipPlanOpenAction,
  sipPlanAction,
  sipMoveOpenAction,
  sipMoveAction,
  sipCancelAction,
  sipHeldAction,
  sipChecklistOpenAction,
  sipInvitationOpenAction,
  sipInvitationSentAction,
  sipInvitationUndoAction,
  sipPreMeetingOpenAction,
  sipPreMeetingSaveAction,
  sipPreMeetingHeldAction,
  sipPreMeetingLeaveAction,
  planOpenAction,
  planSaveAction,
  planEffortAddAction,
  planEffortRemoveAction,
  planGoalAddAction,
  planGoalRemoveAction,
  planEstablishAction,
  planExportAction,
  planVersionExportAction,
  planLeaveAction,
  crisisOpenAction,
  crisisSaveAction,
  crisisSignAddAction,
  crisisSignRemoveAction,
  crisisExportAction,
  crisisLeaveAction,
  reminderSnoozeAction,
  reminderPreferencesAction,
  evaluationOpenAction,
  evaluationConsentAction,
  evaluationWithdrawAction,
  evaluationDoneAction,
  evaluationUndoAction,
]);
