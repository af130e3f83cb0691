/**
 * Every `patched()` id the case workflow has asked for, with the release that added it (engine-generation.ts
 * says which generation made each unconditional). A leaf: the modules each patch guards import its id from here.
 *
 * A patch costs a case two history events the first time a run asks for it (a marker, and the SDK's upsert of
 * `TemporalChangeVersion`, one more visibility write), and a new case asks for three of them in its first
 * workflow task. A case opened with a `generation` in its start input (sealed by the API, carried across
 * continue-as-new) takes every patch folded into that generation as applied without asking: it records no marker
 * for them. A case started without one (before generations, or replaying such a history) asks `patched()` as
 * it always did, so every recorded history replays unchanged (versions.ts).
 */

/** Added after v2: continue-as-new waits until no handler and no activity is in flight (case-workflow.ts). */
export const IDLE_CONTINUE_AS_NEW_PATCH = 'continue-as-new-when-idle';
/**
 * Added with SLA warnings: an action first applies every deadline that fell due before it (a timer the worker
 * had not run yet, e.g. while catching up after a restart, would otherwise fire after the action, into a state
 * that no longer holds its deadline).
 */
export const DEADLINES_BEFORE_ACTIONS_PATCH = 'deadlines-before-actions';
/** Added with SLA warnings: the dedicated manager is told when a case opens for them. */
export const NOTIFY_ASSIGNED_PATCH = 'notify-owner-assigned';
/** Added for the Double 11 burst: timer-driven notifications used to be normal activities (owner-notifications.ts). */
export const LOCAL_NOTIFICATIONS_PATCH = 'timer-driven-notifications-local';
/**
 * Added with warnings: an SLA breach at the top of the ladder is counted in the metrics (an activity). Histories
 * recorded before replay without it.
 */
export const COUNT_TOP_BREACH_PATCH = 'count-sla-breach-at-top';
/** Added after v1: the approver is notified of a compensation waiting for them (compensation.ts). */
export const NOTIFY_APPROVER_PATCH = 'notify-approver-of-pending-compensation';
/**
 * Added after v3: four eyes and the head ceiling. Cases that recorded a proposal executing at once under the
 * tier rules alone replay it so; the ceiling reads the captured policy, which has no `headApprovalAbove` before.
 */
export const FOUR_EYES_PATCH = 'four-eyes-and-head-ceiling';
/**
 * Added after v3: a case used to open at its workflow's first task, which the API had to wait for (and which a
 * slow worker delays); it now opens at `requestedAt`, the time the API accepted it and computed its answer from.
 * Histories recorded before it replay with their own start time.
 */
export const OPEN_AT_REQUESTED_TIME_PATCH = 'open-at-requested-time';
/**
 * Marks the runs that refused their start (sealed-start.ts); a history without it (recorded before sealing)
 * replays as it was. Never folded: it is asked for only for a start the API did not seal, whose generation
 * nothing vouches for.
 */
export const SEALED_START_PATCH = 'sealed-start-input';
/**
 * Added with the approvals index: the case keeps `CasePendingApprovals` (search-attributes.ts) current, so that
 * an approvals inbox lists the cases with a compensation waiting instead of reading every open case. A case of
 * an older generation asks for it at every index update: it takes it at its first workflow task on this code
 * (one more search-attribute upsert then), and histories recorded before replay without it.
 */
export const PENDING_APPROVALS_INDEX_PATCH = 'index-pending-approvals';
/**
 * Added after the approvals index: a compensation that failed (or was stopped) with a step it could not undo left
 * its money out, and counts against the case's budgets like a live one. Asked only when a case has one, so no
 * other case records its marker; histories recorded before replay without it.
 */
export const UNRECOVERED_SPEND_PATCH = 'count-unrecovered-spend';
/**
 * Added with the kept keys of compensation proposals (applied-requests.ts): a keyed proposal repeated after the
 * case had forgotten its key (1,000 newer keyed actions) used to pay a second time. Asked only when such a repeat
 * comes, so no other case records its marker.
 */
export const RECALL_KEPT_KEYS_PATCH = 'recall-kept-compensation-keys';
/**
 * Added with the calendar's wake timer (calendar-upkeep.ts): a case idle past its business-hours horizon used to
 * resume counting in wall-clock time. Asked only when no other deadline wakes the case first.
 */
export const CALENDAR_WAKE_PATCH = 'wake-to-extend-calendar';
/**
 * Added after the calendar's wake timer: a deadline falling due while a run waits to continue as new (until its
 * activities finish) used to wait for the next run. Asked only when one does, so no other case records its marker.
 */
export const DEADLINES_WHILE_CONTINUING_PATCH = 'deadlines-while-continuing';
/**
 * Added after the linked trip's opener: a visa case whose decision deadline passed before its callback (the trip
 * already being cancelled) used to send the endorsement at the callback and wait for the consulate again. Asked
 * only by such a callback, so no other case records its marker.
 */
export const VISA_LATE_CALLBACK_PATCH = 'visa-callback-after-decision-deadline';
/**
 * Added with unconfirmed saga steps (effects.ts): a forward step whose edge never answered (it may have paid) used
 * to count as not done, so nothing undid it and its money counted nowhere. Asked only when such a step fails.
 */
export const CONFIRM_UNANSWERED_STEPS_PATCH = 'confirm-unanswered-saga-steps';
/**
 * Added with the trip's refunds carried over (visa-help.ts): a trip case opened by a visa case that had refunded
 * some of the trip's price already used to refund (and advance) the whole price again. Asked only by a visa case
 * with price refunds when it opens the trip case.
 */
export const LINKED_TRIP_REFUNDS_PATCH = 'linked-trip-counts-visa-refunds';
/**
 * Added with the trip's refunds carried over: a trip whose departure passed while it was settling climbed then, and
 * again when its merchant window (then already over) ended. Asked only by such a trip.
 */
export const DEPARTURE_CLIMBS_ONCE_PATCH = 'trip-departure-climbs-once';
/**
 * Added after the deadlines while continuing: the pass that first found a run due to continue as new set no timers
 * for the deadlines it had just set (a breach's fresh window), so while activities kept the run waiting they fell
 * due unseen. Asked only when a run due to continue has activities in flight to wait for.
 */
export const TIMERS_WHILE_CONTINUING_PATCH = 'timers-while-continuing';
/**
 * Added with the types' compensation refusals (a visa case's once its trip case is open): the handler refuses on
 * them too, for a deadline it fires before applying may have changed the answer. Asked only when one refuses.
 */
export const TYPE_COMPENSATION_REFUSALS_PATCH = 'type-compensation-refusals';
/**
 * Added with recovery from each merchant (recovery.ts): an advance refund of a trip with several merchants was
 * collected in full from the first one. Asked only when a merchant agrees to pay back such an advance.
 */
export const RECOVER_FROM_EACH_MERCHANT_PATCH = 'recover-from-each-merchant';
/**
 * Added with warnings only ahead of the due time (sla-clocks.ts): a worker that ran a case's deadlines late (a
 * backlog, a restart) sent the warning "about to breach" for a clock already past due, just before its breach.
 * Asked only when a warning falls due after its clock's due time.
 */
export const NO_WARNING_PAST_DUE_PATCH = 'no-warning-past-due';
/**
 * Added with rechecks of unanswered saga steps (saga-recheck.ts): a step whose edge never answered, even asked
 * again, was given up on at once (a payment unconfirmed for good, a shipment failed). Asked only when a step gets
 * no answer.
 */
export const RECHECK_UNANSWERED_STEPS_PATCH = 'recheck-unanswered-steps';
/**
 * Added with actions timed as the API sent them (action-time.ts): an action applied every deadline due by the
 * time the worker got to it first, so a callback sent just before its SLA fell due, reaching a lagging worker
 * just after, was refused behind a breach. Asked only when a deadline fell due between the send and the worker.
 */
export const DEADLINES_AS_SENT_PATCH = 'deadlines-as-sent';
/**
 * Added with updates held until every handler is registered (first-task-order.ts): those a run's first task
 * found waiting were applied in the catalogue's order, whatever the order they were sent in. Asked only when
 * the order sent differs from that.
 */
export const FIRST_TASK_UPDATES_AS_SENT_PATCH = 'first-task-updates-as-sent';
/**
 * Added with the record budget asked of held first-task actions too (first-task-order.ts): their validators only
 * check the seal, so notes held in a continued run's first task took a full case past its budget. Asked only when
 * a held action would exceed it.
 */
export const HELD_ACTIONS_BUDGET_PATCH = 'held-actions-within-record-budget';
/**
 * Added with every rule of an action's validator asked of held first-task actions (held-checks.ts): only the
 * handlers' own checks were, so a supervisor's approval held there paid a compensation above the head ceiling.
 * Asked only when a validator's rule refuses a held action.
 */
export const HELD_ACTIONS_CHECKED_PATCH = 'held-actions-checked-as-sent';
/**
 * Added with the platform's penalty cover less what the manager covered while the trip settled
 * (travel-cancellation.ts): the platform proposed the whole penalty again, and the merchant was paid it twice.
 * Asked only when a cover of the penalty was proposed before the settlement finished.
 */
export const PENALTY_COVERED_ONCE_PATCH = 'penalty-covered-once';
/**
 * Added with a compensation stopped by a cancellation said `failed` when its money did not come back
 * (compensation.ts): it said `reversed` while the ledger kept its payment. Asked only for such a compensation.
 */
export const UNREVERSED_STOP_FAILS_PATCH = 'unreversed-stop-fails';
/**
 * Added with a wait on the member pausing the resolution clock when the API sent it (lifecycle.ts), as a callback
 * is met then: sent just before the commitment fell due and applied just after, it paused a clock with nothing
 * left, and the case breached as soon as the member answered. Asked only when a deadline fell due in between.
 */
export const WAIT_AS_SENT_PATCH = 'wait-pauses-as-sent';
/**
 * Added with the platform's own advance refund (a dispute's, a trip's) of the rest of the price (platform-refunds.ts):
 * it proposed the whole price, which the cap refused when a refund already counted, and paid again a refund whose
 * payment never answered. Asked only when the case refunded some of the price already.
 */
export const PLATFORM_ADVANCES_THE_REST_PATCH = 'platform-advances-the-rest';
/**
 * Added with the rules a proposal's validator gained in v19: a kind that pays or recovers from a merchant needs a
 * case that names one; a person's penalty covers stay within a trip's stated penalty; the head does not propose
 * above the head ceiling (no one could approve it). A held action is asked its validator's rules in the handler
 * (later-rules.ts): these are asked there behind this patch, asked only when one of them refuses.
 */
export const HELD_PROPOSAL_RULES_PATCH = 'held-actions-proposal-rules';
/**
 * Added with a trip's settlement keys naming each booking's merchant (travel-cancellation.ts): two bookings of
 * different merchants with the same booking id shared their idempotency keys, so the second merchant was never
 * asked to cancel or refund (the rail answered with the first's receipt). Asked only for such a trip.
 */
export const TRIP_KEYS_NAME_MERCHANT_PATCH = 'trip-keys-name-merchant';
/**
 * Added with the platform's penalty cover counting the manager's covers that failed with their money maybe out
 * (trip-penalty.ts): it counted only live ones, and could pay the merchant the penalty twice. Asked only when such
 * a cover exists as the settlement finishes.
 */
export const PENALTY_COUNTS_MONEY_OUT_PATCH = 'penalty-counts-money-out';
/**
 * Added with rechecks of unanswered undos (saga-recheck.ts): an undo whose edge never answered, even asked again
 * (a reversal of a payment, maybe made), was final at once (`undo_failed`), so the ledger kept as paid money that
 * may have come back. Asked only when an undo gets no answer.
 */
export const RECHECK_UNANSWERED_UNDOS_PATCH = 'recheck-unanswered-undos';
/**
 * Added with steps left unconfirmed keeping the steps before them (effects.ts): a shipment that never answered
 * failed like a refused one, and the vendor's payment before it was reversed although the goods may have left.
 * Asked only when a step is left unconfirmed after a done step that has an undo.
 */
export const UNCONFIRMED_KEEPS_DONE_PATCH = 'unconfirmed-step-keeps-done-steps';
/**
 * Added with rechecks of unanswered collections (collection-recheck.ts): a collection from a merchant that never
 * answered, even asked again, counted as failed, so the case's end absorbed an advance the merchant may have paid
 * back. Asked only when a collection gets no answer while the case goes on.
 */
export const RECHECK_UNANSWERED_COLLECTIONS_PATCH = 'recheck-unanswered-collections';
/**
 * Added with notifications sent again after an outage (notice-retries.ts): one whose webhook still failed after
 * its tries (about 9 minutes) was given up on, and the owner never told. Asked only when a notification fails so.
 */
export const NOTIFY_AGAIN_AFTER_OUTAGE_PATCH = 'notify-again-after-outage';
/**
 * Added with notifications that are no longer true not being sent late (stale-notices.ts): after an outage an owner
 * change went to someone who no longer owned the case, and a warning arrived after its clock fell due or was met.
 * Asked only when a notification that could not be sent is found no longer true.
 */
export const DROP_STALE_NOTICES_PATCH = 'drop-stale-notices';
/**
 * Added with work acted on while a run waits to continue as new (case-workflow.ts): a reassignment, a trip's
 * callback or a merchant's answer arriving while a payment was still in flight (or one of several activities
 * finishing) queued its notification or settlement until every activity finished, minutes in a rail outage. Asked
 * only when such an action or activity wakes the wait while others are still in flight.
 */
export const ACTIONS_WHILE_CONTINUING_PATCH = 'actions-while-continuing';
/**
 * Added with the head's proposals above the ceiling refused by role (approval.ts `checkHeadProposal`): only the head
 * the case's ladder names was refused, so a head who took over since could propose what no one approves. A later
 * validator rule: asked only when it refuses an action held for a run's first task (later-rules.ts).
 */
export const HEAD_PROPOSALS_BY_ROLE_PATCH = 'head-proposals-by-role';
/**
 * Added with a visa case with a booked trip refusing `resolve` while the consulate's decision is awaited
 * (visa-help.ts `checkResolve`): resolved, the case no longer acted on a denial or the deadline, and never opened
 * the trip's cancellation. A later validator rule: asked only when it refuses a held action (later-rules.ts).
 */
export const VISA_RESOLVED_AFTER_DECISION_PATCH = 'visa-resolved-after-decision';
/**
 * Added with a reopened case setting aside its type's windows that ended while it was resolved (lifecycle.ts): on
 * reopening, a dispute whose merchant window had passed advanced the whole price at once, a visa case opened its
 * trip's cancellation. Asked only when a reopen finds such a window.
 */
export const REOPEN_SETS_ASIDE_PASSED_WINDOWS_PATCH = 'reopen-sets-aside-passed-windows';
/**
 * Added with a resolved case taking a merchant's answer about paying back an advance refund while its step's wait
 * was still open (third-party-answers.ts): the answer went to the step, or was refused, and the advance the
 * merchant agreed to repay was absorbed. Asked only for such an answer on a resolved case.
 */
export const RESOLVED_CASE_ANSWERS_RECOVERY_PATCH = 'resolved-case-answers-recovery';
/** Added with a window set aside on a reopen no longer being `nextDueAt` (set-aside-windows.ts); asked then. */
export const SET_ASIDE_WINDOWS_NOT_DUE_PATCH = 'set-aside-windows-not-due';
/** Added with a reassignment starting at level 0 of the new ladder (ladder-restart.ts); asked above level 0. */
export const REASSIGN_RESTARTS_LADDER_PATCH = 'reassign-restarts-ladder';
/** Added with a reassignment asking a waiting proposal's new approver (approval-handover.ts). */
export const REASSIGN_ASKS_NEW_APPROVERS_PATCH = 'reassign-asks-new-approvers';
/** Added with a reopen telling the case's owner (lifecycle.ts): nobody was told until the commitment breached. */
export const REOPEN_TELLS_OWNER_PATCH = 'reopen-tells-owner';
/** Added with a gift's, substitute's or reship's payee being whom it pays (compensation-plan.ts shownPayee). */
export const PAYEE_AS_PAID_PATCH = 'payee-as-paid';
/** Added with the API's update sent again after continue-as-new answered, not refused (retried-updates.ts). */
export const RETRIED_UPDATE_ANSWERED_PATCH = 'retried-update-answered';
/** Added with a visa granted while a compensation is undecided: taken, resolved once it settles (visa-help.ts). */
export const VISA_GRANTED_WHILE_MONEY_OPEN_PATCH = 'visa-granted-while-money-open';
/** Added with the platform advancing the rest of a price the manager advanced part of (dispute.ts). */
export const ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH = 'advance-beside-managers-advance';
/** Added with an approval request's later try dropped once its approver no longer decides it (stale-notices.ts). */
export const DROP_STALE_APPROVAL_REQUESTS_PATCH = 'drop-stale-approval-requests';
/** Added with a warning dropped unsent leaving its window unwarned, so the moved due time is warned (sla-clocks.ts). */
export const REWARN_AFTER_DROPPED_WARNING_PATCH = 'rewarn-after-dropped-warning';
/** Added with the platform's proposals naming who set them off, none of whom approves them (set-off.ts). */
export const PLATFORM_PROPOSALS_NAME_SETTERS_PATCH = 'platform-proposals-name-setters';
/** Added with a person's penalty cover on a trip refused while its settlement runs (travel-cancellation.ts). */
export const PENALTY_COVER_AFTER_REQUESTS_PATCH = 'penalty-cover-after-requests';
/** Added with a person's price refund on a trip refused while its merchants refund the price (trip-price-refunds.ts). */
export const TRIP_PRICE_REFUNDED_ONCE_PATCH = 'trip-price-refunded-once';
/** Added with a trip case's instant-refund limit counting what its visa case refunded of the price (approval.ts). */
export const LIMIT_COUNTS_VISA_REFUNDS_PATCH = 'limit-counts-visa-refunds';
/** Added with a step that failed unanswered marked so (effects.ts): a trip's refund request may stand (trip-price-refunds.ts). */
export const UNANSWERED_STEPS_MARKED_PATCH = 'unanswered-steps-marked';
/** Added with a collection after a refusal going under a new key (collection-keys.ts); asked at such a refusal. */
export const NEW_KEY_AFTER_REFUSED_COLLECTION_PATCH = 'new-key-after-refused-collection';
/** Added with a trip's standing refund requests answered by the merchant (trip-price-refunds.ts); asked when held. */
export const STANDING_REQUESTS_ANSWERED_PATCH = 'standing-requests-answered';
/** Added with the calendar extended beside the case's work, not awaited in its loop (calendar-upkeep.ts). */
export const CALENDAR_IN_BACKGROUND_PATCH = 'calendar-extended-in-background';
/** Added with a person's check of an unconfirmed step looking it up at its edge, never asking it to act (unconfirmed-steps.ts). */
export const RECHECK_LOOKS_ONLY_PATCH = 'recheck-looks-only';
