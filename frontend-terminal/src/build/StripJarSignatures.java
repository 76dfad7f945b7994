import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step for the launcher's class path (run by the build as a single-file program: java StripJarSignatures.java
 * DIR PREFIX...): rewrites each jar in DIR whose name starts with one of the prefixes without its signature files
 * (META-INF/*.SF, *.RSA, *.DSA, *.EC), leaving every other entry as it is.
 *
 * <p>Why: the Azure SDK jars are signed. The JVM's class-data sharing refuses classes from signed jars, and loading
 * them checks each class against the signature, so about 360 classes of the first model call were loaded and checked
 * one by one at every start (bench/terminal-startup.sh; about 0.25 s of CPU). The jars came from Maven Central, whose
 * checksums the build checked; without a security manager the JVM grants signed code nothing more. Jars that need
 * their signature (a JCE provider such as BouncyCastle, on some JDKs) are not named here.
 */
public final class StripJarSignatures {

    private StripJarSignatures() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString();
                for (int i = 1; i < args.length; i++) {
                    if (name.startsWith(args[i]) && isSigned(jar)) {
                        strip(jar);
                        System.out.println("Removed the signature of " + name + " (class-data sharing skips signed jars)");
                        break;
                    }
                }
            }
        }
    }

    private static boolean isSignature(String entry) {
        String upper = entry.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
                        || upper.endsWith(".EC"));
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(entry -> isSignature(entry.getName()));
        }
    }

    private static void strip(Path jar) throws IOException {
        Path unsigned = jar.resolveSibling(jar.getFileName() + ".unsigned");
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(unsigned))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (isSignature(entry.getName())) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(unsigned, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
