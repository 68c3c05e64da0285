package ai.humane.sso.control;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/** TXT records from the system's DNS resolvers through the JDK's JNDI DNS provider, with short timeouts. */
public final class DnsTxtRecords implements TxtRecords {

    @Override
    public List<String> at(String name) {
        Hashtable<String, String> environment = new Hashtable<>();
        environment.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        environment.put("com.sun.jndi.dns.timeout.initial", "2000");
        environment.put("com.sun.jndi.dns.timeout.retries", "2");
        List<String> values = new ArrayList<>();
        try {
            DirContext dns = new InitialDirContext(environment);
            try {
                Attribute txt = dns.getAttributes(name, new String[] {"TXT"}).get("TXT");
                if (txt != null) {
                    NamingEnumeration<?> all = txt.getAll();
                    while (all.hasMore()) {
                        values.add(unquote(String.valueOf(all.next())));
                    }
                }
            } finally {
                dns.close();
            }
        } catch (NamingException e) {
            return List.of(); // no such name, no TXT, or no answer: not verified
        }
        return values;
    }

    /** JNDI answers a TXT record's strings quoted and space-separated; a record is their concatenation. */
    static String unquote(String record) {
        if (!record.startsWith("\"")) {
            return record;
        }
        StringBuilder joined = new StringBuilder();
        for (String part : record.split("\"\\s*\"")) {
            joined.append(part.replace("\"", ""));
        }
        return joined.toString();
    }
}
