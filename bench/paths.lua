-- wrk script: each request a different path, cycling through the lines of the
-- file named after "--" (bench/run.py writes it), so no two consecutive
-- requests of a connection ask for the same URL.
--   wrk ... -s bench/paths.lua http://127.0.0.1:PORT -- bench/tmp/paths-x.txt
local paths = {}
local next_index = 0
local threads_started = 0

function setup(thread)
  -- Each wrk thread runs its own Lua state; give each a different start.
  thread:set("thread_number", threads_started)
  threads_started = threads_started + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  assert(#paths > 0, "no paths in " .. args[1])
  next_index = ((thread_number or 0) * 97) % #paths
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end
