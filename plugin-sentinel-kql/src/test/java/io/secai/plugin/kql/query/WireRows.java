package io.secai.plugin.kql.query;

/** Large query answers in the Log Analytics wire format, for tests and the row-conversion benchmark. */
public final class WireRows {

    private WireRows() {
    }

    /**
     * @param count how many rows
     * @return a query answer in the service's wire format with that many rows of every column type it sends
     */
    public static String json(int count) {
        StringBuilder json = new StringBuilder(count * 110).append("{\"tables\":[{\"name\":\"PrimaryResult\","
                + "\"columns\":[{\"name\":\"TimeGenerated\",\"type\":\"datetime\"},{\"name\":\"Computer\","
                + "\"type\":\"string\"},{\"name\":\"EventID\",\"type\":\"int\"},{\"name\":\"Score\","
                + "\"type\":\"real\"},{\"name\":\"Elevated\",\"type\":\"bool\"},{\"name\":\"Details\","
                + "\"type\":\"dynamic\"}],\"rows\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("[\"2026-11-24T10:00:00Z\",\"host-").append(i).append("\",4624,").append(i).append(".5,")
                    .append(i % 2 == 0).append(",{\"ip\":\"10.0.").append(i / 256 % 256).append('.')
                    .append(i % 256).append("\",\"ports\":[").append(i).append("]}]");
        }
        return json.append("]}]}").toString();
    }
}
