package ai.humane.backup.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** Where backups are kept (O3): a directory, or an S3-compatible bucket. Names are flat: no folders. */
public interface BackupTarget {

    /** A stream that becomes the backup {@code name} only when it is closed; until then nobody sees it. */
    OutputStream create(String name) throws IOException;

    InputStream open(String name) throws IOException;

    /** The names of every backup kept here. */
    List<String> list() throws IOException;

    void delete(String name) throws IOException;

    /** Where this is, for the log and the operator: a path or a bucket, never a credential. */
    String describe();
}
