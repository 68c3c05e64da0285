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
        if (granted.atLeast(Role.ADMIN) && caller != Role.OWNER) {
            throw new Forbidden("Only owners grant the owner or admin role");
        }
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
