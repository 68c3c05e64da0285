package ai.humane.sso.control;

import java.util.List;

/**
 * The DNS TXT records of a name: the port domain verification asks (S5, S6). {@link DnsTxtRecords} asks DNS;
 * {@link FileTxtRecords} answers from a file the tests write, so no test queries real DNS.
 */
public interface TxtRecords {

    /** Every TXT string at {@code name}; none when the name or its records do not exist. */
    List<String> at(String name);
}
