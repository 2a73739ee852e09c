// SPDX-License-Identifier: BSD-2-Clause
// A changed local playbook (or a file beside it) re-runs only its own setup step.
#include "cli/content_hashes.hpp"
#include "fakes/memory_file_system.hpp"
#include "plan/plan.hpp"
#include "unit/plan/builders.hpp"

#include <gtest/gtest.h>

namespace jrun::cli {
namespace {

using plan::test::config;
using plan::test::jail;
using plan::test::setup_file;
using plan::test::step_lines;

class ContentHashesTest : public ::testing::Test {
protected:
    ContentHashesTest() {
        m_fs.add_file("/srv/a/a.yml", "- hosts: localhost\n");
        m_fs.add_file("/srv/a/templates/a.conf.j2", "a={{ A }}\n");
        m_fs.add_file("/srv/b/b.yml", "- hosts: localhost\n");
        auto web = jail("web");
        web.setup = {setup_file("a", "/srv/a/a.yml"), setup_file("b", "/srv/b/b.yml")};
        m_config = config({web});
        const auto hashes = hash_playbooks(m_fs, m_config);
        m_recorded = plan::apply_plan(
            {}, m_config, plan::compute_plan(m_config, {}, {}, hashes, {}), hashes);
    }

    std::vector<std::string> replan() {
        return step_lines(
            plan::compute_plan(m_config, m_recorded, {}, hash_playbooks(m_fs, m_config), {}));
    }

    test::MemoryFileSystem m_fs;
    model::Config m_config;
    model::Recorded m_recorded;
};

TEST_F(ContentHashesTest, AnUnchangedPlaybookRunsNothing) {
    EXPECT_TRUE(replan().empty());
}

TEST_F(ContentHashesTest, AnEditedPlaybookRerunsOnlyItsStep) {
    m_fs.add_file("/srv/b/b.yml", "- hosts: localhost\n  tasks: []\n");
    EXPECT_EQ(replan(), std::vector<std::string>{"web: run_setup b: /srv/b/b.yml"});
}

TEST_F(ContentHashesTest, AnEditedTemplateRerunsOnlyItsPlaybooksStep) {
    m_fs.add_file("/srv/a/templates/a.conf.j2", "a={{ A }} # changed\n");
    EXPECT_EQ(replan(), std::vector<std::string>{"web: run_setup a: /srv/a/a.yml"});
}

TEST_F(ContentHashesTest, ANewFileBesideAPlaybookRerunsItsStep) {
    m_fs.add_file("/srv/a/files/extra.txt", "x\n");
    EXPECT_EQ(replan(), std::vector<std::string>{"web: run_setup a: /srv/a/a.yml"});
}

} // namespace
} // namespace jrun::cli
