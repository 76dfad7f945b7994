package io.secai.plugin.rules;

import io.secai.plugin.rules.model.AnalyticsRule;
import io.secai.plugin.rules.model.EntityMapping;
import io.secai.plugin.rules.model.EntityMapping.FieldMapping;
import io.secai.plugin.rules.model.EventGrouping;
import io.secai.plugin.rules.model.Suppression;

import java.util.List;
import java.util.Map;

/** A deployable rule for tests to start from, and copies of it with one property changed. */
public final class Rules {
    public static final String QUERY = """
            SecurityEvent
            | where EventID in (5141, 4726, 4730, 4743)
            | summarize Deleted = count(), Objects = make_set(ObjectName, 50) by Account, Computer, bin(TimeGenerated, 10m)
            | where Deleted >= 10""";

    private Rules() {
    }

    /** @return a rule that Sentinel accepts: mass deletion of directory objects */
    public static AnalyticsRule valid() {
        return new AnalyticsRule("3d1a6f0e-77b4-4b3f-9a55-8d2f41b0c6aa", "Mass Active Directory object deletion",
                "An account deleted ten or more directory objects within ten minutes.", "High", true, QUERY,
                "PT10M", "PT10M", "GreaterThan", 0, new Suppression(true, "PT1H"), List.of("Impact"),
                List.of("T1485"),
                List.of(new EntityMapping("Account", List.of(new FieldMapping("FullName", "Account"))),
                        new EntityMapping("Host", List.of(new FieldMapping("HostName", "Computer")))),
                Map.of("DeletedObjects", "Deleted"), EventGrouping.SINGLE_ALERT);
    }

    /** Builds a changed copy of {@link #valid()}. */
    public static Changer change() {
        return new Changer(valid());
    }

    /** Changes one property at a time. */
    public static final class Changer {
        private AnalyticsRule r;

        Changer(AnalyticsRule rule) {
            this.r = rule;
        }

        public Changer id(String v) {
            r = r.withId(v);
            return this;
        }

        public Changer displayName(String v) {
            r = new AnalyticsRule(r.id(), v, r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer severity(String v) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), v, r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer query(String v) {
            r = r.withQuery(v);
            return this;
        }

        public Changer schedule(String frequency, String period) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    frequency, period, r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer trigger(String operator, long threshold) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), operator, threshold, r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer suppression(Suppression v) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), v,
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer attack(List<String> tactics, List<String> techniques) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    tactics, techniques, r.entityMappings(), r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer entities(List<EntityMapping> v) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), v, r.customDetails(), r.eventGrouping());
            return this;
        }

        public Changer details(Map<String, String> v) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), v, r.eventGrouping());
            return this;
        }

        public Changer grouping(String v) {
            r = new AnalyticsRule(r.id(), r.displayName(), r.description(), r.severity(), r.enabled(), r.query(),
                    r.queryFrequency(), r.queryPeriod(), r.triggerOperator(), r.triggerThreshold(), r.suppression(),
                    r.tactics(), r.techniques(), r.entityMappings(), r.customDetails(), new EventGrouping(v));
            return this;
        }

        public AnalyticsRule build() {
            return r;
        }
    }
}
