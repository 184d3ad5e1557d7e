// The writes of a relay's owner and team, each beside the queries of relay.ts it changes: as a router action its
// answer revalidates those keys of that relay alone (write.ts), so the cards showing them read again and no other.
import { admission } from "../admission";
import { automod } from "../automod";
import { api } from "../api";
import { backups, uploadBackup } from "../backups";
import { community } from "../community";
import { joinRequests } from "../joinRequests";
import { queue } from "../queue";
import type { Id } from "../types";
import type { RelayQuery } from "./read";
import { relayQueries as q } from "./relay";
import { tenantQueries } from "./tenant";
import { write } from "./write";

/** The keys of these queries for the relay a write is given (its first argument). */
const of =
  (...queries: [RelayQuery<never, unknown>, ...RelayQuery<never, unknown>[]]) =>
  (id: Id): [string, ...string[]] =>
    queries.map((query) => query.key(id)) as [string, ...string[]];
/** A change of the relay itself: its activity log tells it, and the owner's relay list shows it. */
const relayChange = (id: Id): [string, string] => [q.activity.key(id), tenantQueries.relays.key];
/** The members and the paying members: who is in changes both. */
const membership = [q.members, q.paidMembers] as const;

export const relayWrites = {
  /** Deactivates, reactivates or unsuspends the relay (its owner's or an administrator's page). */
  setRelayState: write(
    "setRelayState",
    (id: Id, to: "deactivate" | "reactivate" | "unsuspend") =>
      to === "deactivate"
        ? api.deactivateRelay(id)
        : to === "reactivate"
          ? api.reactivateRelay(id)
          : api.unsuspendRelay(id),
    (id) => relayChange(id),
  ),
  /** One of the relay's settings (its page shows the answer): the owner's relay list reads it next time. */
  updateSettings: write(
    "updateRelaySettings",
    (id: Id, settings: NonNullable<Parameters<typeof api.updateRelay>[1]["settings"]>) =>
      api.updateRelay(id, { settings }),
    () => [tenantQueries.relays.key],
  ),
  /**
   * The edit form's change (plan, settings, name): the activity log and the owner's list tell it, and an upgrade's
   * invoice is in the account's invoices. The relay itself is the answer, which the form keeps for the next reader.
   */
  updateRelay: write(
    "updateRelay",
    (id: Id, body: Parameters<typeof api.updateRelay>[1]) => api.updateRelay(id, body),
    (id) => [...relayChange(id), tenantQueries.invoices.key],
  ),
  // the relay's public_url follows its domain: the relay is read again
  setDomain: write("setDomain", api.setDomain, of(q.relay)),
  checkDomain: write("checkDomain", api.checkDomain, of(q.relay)),
  removeDomain: write("removeDomain", api.removeDomain, of(q.relay)),
  deleteRelay: write("deleteRelay", api.deleteRelay, () => [tenantQueries.relays.key]),
  undeleteRelay: write("undeleteRelay", api.undeleteRelay, (id) => relayChange(id)),
  /** Puts the relay back on its plan: the upgrade's invoice is withdrawn too. */
  cancelPlanChange: write(
    "cancelPlanChange",
    (id: Id, plan: string) => api.updateRelay(id, { plan }),
    (id) => [q.relay.key(id), ...relayChange(id), tenantQueries.invoices.key],
  ),
  addMember: write("addMember", community.addMember, of(...membership)),
  removeMember: write("removeMember", community.removeMember, of(...membership)),
  /** An erasure ends the membership too (its job removes their posts from the relay). */
  eraseMember: write("eraseMember", community.eraseMember, of(...membership)),
  /** A ban from the members list removes the member too. */
  banMember: write("banMember", community.ban, of(...membership, q.bans)),
  setName: write("setMemberName", community.setName, of(q.members)),
  removeName: write("removeMemberName", community.removeName, of(q.members)),
  createClaim: write("createClaim", community.createClaim, of(q.claims)),
  revokeClaim: write("revokeClaim", community.revokeClaim, of(q.claims)),
  /** A decision on a join request adds a member or a payer when it approves. */
  approveJoin: write("approveJoin", joinRequests.approve, of(q.joinRequests, ...membership)),
  denyJoin: write("denyJoin", joinRequests.deny, of(q.joinRequests, ...membership)),
  saveAdmission: write("saveAdmission", admission.save, of(q.admission)),
  /** A new wallet for the payments: signed afresh by the owner. */
  saveAdmissionSigned: write("saveAdmissionSigned", admission.saveSigned, of(q.admission)),
  saveJoinSettings: write("saveJoinSettings", joinRequests.saveSettings, of(q.joinSettings)),
  saveAutomod: write("saveAutomod", automod.save, of(q.automod)),
  saveQueueSettings: write("saveQueueSettings", queue.saveSettings, of(q.queueSettings)),
  /** An administrator moves the relay to another node: its move is followed from there. */
  moveRelay: write("moveRelay", api.moveRelay, of(q.move)),
  actOnReport: write("actOnReport", community.actOnReport, of(q.reports)),
  deleteEvent: write("deleteEvent", community.deleteEvent, of(q.deletedEvents)),
  allowEvent: write("allowEvent", community.allowEvent, of(q.deletedEvents)),
  endTrials: write("endTrials", admission.endTrials, of(q.trials)),
  decideQueue: write("decideQueue", queue.decide, of(q.queue, q.queueCount)),
  takeBackup: write("takeBackup", backups.takeNow, of(q.backups)),
  uploadBackup: write("uploadBackup", uploadBackup, of(q.backups)),
  setBackupSchedule: write("setBackupSchedule", backups.setSchedule, of(q.backups)),
  restoreBackup: write("restoreBackup", backups.restore, of(q.backups)),
  restoreIntoNew: write("restoreIntoNew", backups.restoreNew, of(q.backups)),
  addTeamMember: write("addTeamMember", api.addTeamMember, of(q.team)),
  changeTeamMember: write("changeTeamMember", api.changeTeamMember, of(q.team)),
  removeTeamMember: write("removeTeamMember", api.removeTeamMember, of(q.team)),
  offerRelay: write("offerRelay", api.offerRelay, of(q.transfer)),
  withdrawOffer: write("withdrawOffer", api.withdrawOffer, of(q.transfer)),
};
