"""The newsroom's story index follows the StoryIndex's merges: its state keeps a merged story's articles under
the surviving story's key, so that after a restart later reports still join that story."""

from __future__ import annotations

import json

from tests.group.ferry_stream import BOTH, BUDGET, DIVERS, FERRY_SINKS, INQUIRY

from quickread.group.features import CorpusStatistics
from quickread.newsroom.assigners import IndexAssigner


def test_a_merged_story_lives_on_under_the_surviving_key_across_a_restart() -> None:
    assigner = IndexAssigner()
    first = assigner.assign([FERRY_SINKS, BUDGET, DIVERS])
    assert dict(first.story_of) == {"a": "story-a", "z": "story-z", "b": "story-b"}
    second = assigner.assign([BOTH])
    assert dict(second.story_of) == {"c": "story-a"}  # and the divers' story ended, merged into it
    state = json.loads(assigner.state())
    assert state["articles"] == [["a", "story-a"], ["z", "story-z"], ["b", "story-a"], ["c", "story-a"]]

    restarted = IndexAssigner(statistics=CorpusStatistics.from_json(state["statistics"]))
    by_id = {article.id: article for article in (FERRY_SINKS, BUDGET, DIVERS, BOTH)}
    for article_id, key in state["articles"]:
        restarted.replay(by_id[article_id], key)
    assert json.loads(restarted.state())["articles"] == state["articles"]
    assert dict(restarted.assign([INQUIRY]).story_of) == {"d": "story-a"}
