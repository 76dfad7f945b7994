package io.secai.plugin.fetchurl;

import io.secai.api.ApiVersion;
import io.secai.api.Capability;
import io.secai.api.CommandContribution;
import io.secai.api.Plugin;
import io.secai.api.PluginContext;
import io.secai.api.SecAiException;
import io.secai.api.Task;
import io.secai.api.TaskContext;
import io.secai.api.TaskResult;
import io.secai.kql.skill.ApiKeys;
import io.secai.kql.skill.ApiSkill;
import io.secai.kql.skill.SkillFiles;
import io.secai.plugin.fetchurl.api.ApiSkillRunner;
import io.secai.plugin.fetchurl.cli.FetchCommand;
import io.secai.plugin.fetchurl.fetch.HostResolver;
import io.secai.plugin.fetchurl.fetch.SafeFetcher;
import io.secai.plugin.fetchurl.prompt.PagePrompt;
import io.secai.plugin.fetchurl.url.UrlFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads public web pages named in a task and answers the task from their main content, without letting a URL
 * reach internal addresses and without letting the page instruct the model.
 *
 * <p>API skills ({@code kind: api} skill files in {@code plugins-dir} and {@code skills.dirs}, read by kql-library's
 * {@link SkillFiles}, which this plugin bundles) are capabilities of their own, run by {@link ApiSkillRunner}
 * through the same {@link SafeFetcher}, so they get its address checks, caps and time limits.
 */
public final class FetchUrlPlugin implements Plugin {

    static final String URL_INPUT = "url";
    private static final Logger LOG = LoggerFactory.getLogger(FetchUrlPlugin.class);
    private static final int API_MAX_ROWS = 500;

    private volatile PageTask pages;
    private volatile SafeFetcher fetcher;
    private volatile FetchUrlConfig config;
    private volatile List<ApiSkill> apiSkills = List.of();
    private volatile ApiSkillRunner apiRunner;

    @Override
    public String name() {
        return "fetchurl";
    }

    @Override
    public String apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public String description() {
        return "Reads one or more public web pages whose addresses (http or https URLs) appear in the request, "
                + "such as a MITRE ATT&CK technique or a Microsoft Learn article, and answers the request from "
                + "their main content (for example drafting a detection or optimizing a query from the page). "
                + "Also reads PDF reports and raw files (KQL, Sigma YAML, JSON, plain text). "
                + "Cannot read internal or private addresses or pages that need a login.";
    }

    @Override
    public String helpText() {
        return """
                **fetchurl** reads web pages you name and answers from their main content.

                Ask for example: `Use this url to create a detection for AD object deletion \
                https://attack.mitre.org/datasources/DS0026/` or `Fetch \
                https://learn.microsoft.com/en-us/azure/azure-monitor/logs/query-optimization and optimize the \
                query of the above rule`.

                Only public http(s) addresses are read: loopback, private, link-local and similar addresses are \
                refused, at most 5 redirects are followed, and HTML, PDF, plain text, Markdown, YAML, JSON and raw code \
                files (for example `.kql` or Sigma `.yml` from a code host) are accepted. Menus, \
                footers and banners are dropped before the page reaches the model; page text is treated as data, \
                never as instructions. Settings live under `plugins.fetchurl` (allow-hosts for internal hosts, \
                max-bytes, timeouts, max-page-tokens).

                Command line: `secai fetch url URL` prints a page's main content as Markdown; \
                `secai fetch extract DIR` extracts every *.html(.gz) file of a folder as JSON.

                API skills (`kind: api` files in `plugins-dir` or `skills.dirs`: a GET or POST to a fixed https \
                host, keys from `skills.api.*` settings, rows by JSON pointer) are capabilities of their own; \
                `secai skills list` shows them.""";
    }

    @Override
    public List<Capability> capabilities() {
        List<Capability> capabilities = new ArrayList<>();
        capabilities.add(Capability.of("fetch",
                "Read one or more public web pages named in the task and answer the task from their main content.",
                List.of(Capability.Parameter.of(URL_INPUT,
                        "the page's full http(s) address, when the instruction does not contain it", false))));
        apiSkills.forEach(skill -> capabilities.add(ApiSkillRunner.capability(skill)));
        return capabilities;
    }

    @Override
    public void start(PluginContext context) {
        FetchUrlConfig config = FetchUrlConfig.from(context.settings());
        this.config = config;
        this.fetcher = new SafeFetcher(config.fetch(), HostResolver.SYSTEM);
        this.pages = new PageTask(fetcher, config.documentExtractor(), new UrlFinder(), new PagePrompt(), config);
        this.apiRunner = new ApiSkillRunner(fetcher, context.settings(), API_MAX_ROWS, config.contextExcerptChars());
        this.apiSkills = loadApiSkills(context.settings());
    }

    /** The same folders the Sentinel and GPT plugins read; a bad file never stops a start. */
    private static List<ApiSkill> loadApiSkills(io.secai.api.Settings settings) {
        List<Path> folders = new ArrayList<>();
        settings.string("secai.plugins-dir").map(Path::of).filter(Files::isDirectory).ifPresent(folders::add);
        settings.list("skills.dirs").stream().filter(dir -> !dir.isBlank()).map(Path::of).forEach(folders::add);
        SkillFiles.Loaded loaded = new SkillFiles().load(folders);
        // Problems are the same for every plugin that reads these files; the Sentinel plugin logs them at WARN.
        loaded.problems().forEach(problem -> LOG.debug("Skill file not loaded: {}", problem));
        List<ApiSkill> usable = new ArrayList<>();
        for (ApiSkill skill : loaded.apiSkills()) {
            if (skill.name().equals("fetch")) {
                LOG.warn("API skill not loaded: {}: the skill name fetch is the plugin's own", skill.source());
                continue;
            }
            ApiKeys.Lookup keys = ApiKeys.of(settings);
            for (String key : skill.settingKeys()) {
                try {
                    java.util.Optional<ApiKeys.Key> found = keys.find(key);
                    if (found.isEmpty()) {
                        LOG.warn("API skill {} ({}): the setting {} is not set; the skill fails until it is",
                                skill.name(), skill.source(), key);
                    } else if (!found.get().allows(skill.url().host())) {
                        LOG.warn("API skill {} ({}): the key {} is bound to other hosts than {}; the skill is"
                                + " refused when it runs", skill.name(), skill.source(), key, skill.url().host());
                    }
                } catch (io.secai.kql.skill.SkillInputException e) {
                    LOG.warn("API skill {} ({}): {}", skill.name(), skill.source(), e.getMessage());
                }
            }
            usable.add(skill);
        }
        return List.copyOf(usable);
    }

    @Override
    public TaskResult run(Task task, TaskContext context) {
        PageTask current = pages;
        if (current == null) {
            throw new SecAiException("The fetchurl plugin was not started.");
        }
        Optional<ApiSkill> skill = apiSkills.stream().filter(each -> each.name().equals(task.capability()))
                .findFirst();
        if (skill.isPresent()) {
            return apiRunner.run(skill.get(), task.inputs(), context);
        }
        return current.run(task, context);
    }

    /** {@code secai doctor}: the settings make sense together; no page is fetched. */
    @Override
    public List<io.secai.api.Check> selfCheck() {
        FetchUrlConfig current = config;
        if (current == null) {
            return List.of(io.secai.api.Check.fail(FetchSelfCheck.SETTINGS, "the plugin was not started",
                    "see secai plugins"));
        }
        return FetchSelfCheck.run(current.fetch());
    }

    @Override
    public List<CommandContribution> commands() {
        return List.of(CommandContribution.of("fetch",
                "Extract a page's main content as Markdown (fetch url URL) or a folder of HTML files as JSON "
                        + "(fetch extract DIR)",
                (args, io) -> {
                    FetchUrlConfig config = FetchUrlConfig.from(io.plugin().settings());
                    return new FetchCommand(io.out(), io.err(), config::fetch, config.documentExtractor(),
                            HostResolver.SYSTEM).run(args);
                }));
    }

    @Override
    public void close() {
        SafeFetcher current = fetcher;
        if (current != null) {
            current.close();
        }
    }
}
