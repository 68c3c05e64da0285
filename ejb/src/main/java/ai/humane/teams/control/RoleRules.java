package ai.humane.teams.control;

import ai.humane.problems.control.Conflict;
import ai.humane.problems.control.Forbidden;
import ai.humane.tenancy.entity.Role;

/**
 * T2: only owners grant, change or remove owner and admin; admins manage members and viewers; a
 * tenant always keeps at least one owner.
 */
public final class RoleRules {

    private RoleRules() {
    }

    /** The caller may hand out {@code granted} (by invitation or role change). */
    public static void requireMayGrant(Role caller, Role granted) {
        if (!mayGrant(caller, granted)) {
            throw new Forbidden("Only owners grant the owner or admin role");
        }
    }

    /** Whether {@code caller} may hand out {@code granted}. */
    public static boolean mayGrant(Role caller, Role granted) {
        return caller == Role.OWNER || !granted.atLeast(Role.ADMIN);
    }

    /**
     * Whether a member holding {@code sender} still stands behind an invitation to {@code granted}: they manage the
     * team (admin and up, as its routes require) and may grant the role. An invitation is held to it when accepted.
     */
    public static boolean mayInvite(Role sender, Role granted) {
        return sender.atLeast(Role.ADMIN) && mayGrant(sender, granted);
    }

    /** The caller may change or remove someone who holds {@code target}. */
    public static void requireMayManage(Role caller, Role target) {
        if (target.atLeast(Role.ADMIN) && caller != Role.OWNER) {
            throw new Forbidden("Only owners change or remove owners and admins");
        }
    }

    /** Demoting or removing an owner must leave another owner. */
    public static void requireAnotherOwner(Role target, long owners) {
        if (target == Role.OWNER && owners <= 1) {
            throw new Conflict("The last owner cannot leave or be demoted; make someone else owner first");
        }
    }
}
