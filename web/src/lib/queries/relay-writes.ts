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
import { relayQueries as q } from "./relay";
import { tenantQueries } from "./tenant";
import { write } from "./write";

/** A change of the relay itself: its activity log tells it, and the owner's relay list shows it. */
const relayChange = (id: Id): [string, string] => [q.activity.key(id), tenantQueries.relays.key];
/** The members and the paying members: who is in changes both. */
const membership = (id: Id): [string, string] => [q.members.key(id), q.paidMembers.key(id)];

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
  setDomain: write("setDomain", api.setDomain, (id) => [q.relay.key(id)]),
  checkDomain: write("checkDomain", api.checkDomain, (id) => [q.relay.key(id)]),
  removeDomain: write("removeDomain", api.removeDomain, (id) => [q.relay.key(id)]),
  deleteRelay: write("deleteRelay", api.deleteRelay, () => [tenantQueries.relays.key]),
  undeleteRelay: write("undeleteRelay", api.undeleteRelay, (id) => relayChange(id)),
  /** Puts the relay back on its plan: the upgrade's invoice is withdrawn too. */
  cancelPlanChange: write(
    "cancelPlanChange",
    (id: Id, plan: string) => api.updateRelay(id, { plan }),
    (id) => [q.relay.key(id), ...relayChange(id), tenantQueries.invoices.key],
  ),
  addMember: write("addMember", community.addMember, (id) => membership(id)),
  removeMember: write("removeMember", community.removeMember, (id) => membership(id)),
  /** A ban from the members list removes the member too. */
  banMember: write("banMember", community.ban, (id) => [...membership(id), q.bans.key(id)]),
  setName: write("setMemberName", community.setName, (id) => [q.members.key(id)]),
  removeName: write("removeMemberName", community.removeName, (id) => [q.members.key(id)]),
  createClaim: write("createClaim", community.createClaim, (id) => [q.claims.key(id)]),
  revokeClaim: write("revokeClaim", community.revokeClaim, (id) => [q.claims.key(id)]),
  /** A decision on a join request adds a member or a payer when it approves. */
  approveJoin: write("approveJoin", joinRequests.approve, (id) => [q.joinRequests.key(id), ...membership(id)]),
  denyJoin: write("denyJoin", joinRequests.deny, (id) => [q.joinRequests.key(id), ...membership(id)]),
  saveAdmission: write("saveAdmission", admission.save, (id) => [q.admission.key(id)]),
  /** A new wallet for the payments: signed afresh by the owner. */
  saveAdmissionSigned: write("saveAdmissionSigned", admission.saveSigned, (id) => [q.admission.key(id)]),
  saveJoinSettings: write("saveJoinSettings", joinRequests.saveSettings, (id) => [q.joinSettings.key(id)]),
  saveAutomod: write("saveAutomod", automod.save, (id) => [q.automod.key(id)]),
  saveQueueSettings: write("saveQueueSettings", queue.saveSettings, (id) => [q.queueSettings.key(id)]),
  /** An administrator moves the relay to another node: its move is followed from there. */
  moveRelay: write("moveRelay", api.moveRelay, (id) => [q.move.key(id)]),
  actOnReport: write("actOnReport", community.actOnReport, (id) => [q.reports.key(id)]),
  deleteEvent: write("deleteEvent", community.deleteEvent, (id) => [q.deletedEvents.key(id)]),
  allowEvent: write("allowEvent", community.allowEvent, (id) => [q.deletedEvents.key(id)]),
  endTrials: write("endTrials", admission.endTrials, (id) => [q.trials.key(id)]),
  decideQueue: write("decideQueue", queue.decide, (id) => [q.queue.key(id), q.queueCount.key(id)]),
  takeBackup: write("takeBackup", backups.takeNow, (id) => [q.backups.key(id)]),
  uploadBackup: write("uploadBackup", uploadBackup, (id) => [q.backups.key(id)]),
  setBackupSchedule: write("setBackupSchedule", backups.setSchedule, (id) => [q.backups.key(id)]),
  restoreBackup: write("restoreBackup", backups.restore, (id) => [q.backups.key(id)]),
  restoreIntoNew: write("restoreIntoNew", backups.restoreNew, (id) => [q.backups.key(id)]),
  addTeamMember: write("addTeamMember", api.addTeamMember, (id) => [q.team.key(id)]),
  changeTeamMember: write("changeTeamMember", api.changeTeamMember, (id) => [q.team.key(id)]),
  removeTeamMember: write("removeTeamMember", api.removeTeamMember, (id) => [q.team.key(id)]),
  offerRelay: write("offerRelay", api.offerRelay, (id) => [q.transfer.key(id)]),
  withdrawOffer: write("withdrawOffer", api.withdrawOffer, (id) => [q.transfer.key(id)]),
};
