; ModuleID = "loop_sum"
target triple = "x86_64-unknown-linux-gnu"
target datalayout = ""

define i32 @"loop_sum_grid"(ptr %"args", ptr %"grid", i64 %"start", i64 %"end", ptr %"ranges", i64 %"nranges") nounwind
{
entry:
  %".8" = getelementptr ptr, ptr %"args", i64 0
  %".9" = load ptr, ptr %".8"
  %"Out" = load ptr, ptr %".9"
  %".10" = getelementptr ptr, ptr %"args", i64 1
  %".11" = load ptr, ptr %".10"
  %"X" = load ptr, ptr %".11"
  %".12" = getelementptr ptr, ptr %"args", i64 2
  %".13" = load ptr, ptr %".12"
  %"n" = load i32, ptr %".13"
  %".14" = getelementptr i64, ptr %"grid", i64 0
  %".15" = load i64, ptr %".14"
  %".16" = getelementptr i64, ptr %"grid", i64 1
  %".17" = load i64, ptr %".16"
  %".18" = getelementptr i64, ptr %"grid", i64 2
  %".19" = load i64, ptr %".18"
  %".20" = trunc i64 %".15" to i32
  %".21" = trunc i64 %".17" to i32
  %".22" = trunc i64 %".19" to i32
  br label %"grid.header"
grid.header:
  %"pid" = phi  i64 [%"start", %"entry"], [%".54", %"if.end"]
  %".24" = icmp slt i64 %"pid", %"end"
  br i1 %".24", label %"grid.body", label %"grid.exit"
grid.body:
  %".26" = srem i64 %"pid", %".15"
  %".27" = sdiv i64 %"pid", %".15"
  %".28" = srem i64 %".27", %".17"
  %".29" = sdiv i64 %".27", %".17"
  %"pid0" = trunc i64 %".26" to i32
  %"pid1" = trunc i64 %".28" to i32
  %"pid2" = trunc i64 %".29" to i32
  br label %"for.header"
grid.exit:
  ret i32 0
for.header:
  %".31" = phi  i32 [0, %"grid.body"], [%".42", %"for.body"]
  %".32" = phi  <16 x float> [<float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0, float              0x0>, %"grid.body"], [%".41", %"for.body"]
  %".33" = icmp slt i32 %".31", %"n"
  br i1 %".33", label %"for.body", label %"for.exit"
for.body:
  %".35" = mul i32 %".31", 16
  %".36" = getelementptr float, ptr %"X", i32 %".35"
  %".37" = insertelement <1 x ptr> <ptr undef>, ptr %".36", i32 0
  %".38" = shufflevector <1 x ptr> %".37", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".39" = getelementptr float, ptr %".36", i32 0
  %".40" = load <16 x float>, ptr %".39", align 4
  %".41" = fadd <16 x float> %".32", %".40"
  %".42" = add i32 %".31", 1
  br label %"for.header"
for.exit:
  %".44" = icmp sgt i32 %"n", 4
  br i1 %".44", label %"if.then", label %"if.else"
if.then:
  %".46" = fmul <16 x float> %".32", <float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000, float 0x4000000000000000>
  br label %"if.end"
if.else:
  br label %"if.end"
if.end:
  %".49" = phi  <16 x float> [%".46", %"if.then"], [%".32", %"if.else"]
  %".50" = insertelement <1 x ptr> <ptr undef>, ptr %"Out", i32 0
  %".51" = shufflevector <1 x ptr> %".50", <1 x ptr> <ptr undef>, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0>
  %".52" = getelementptr float, ptr %"Out", i32 0
  store <16 x float> %".49", ptr %".52", align 4
  %".54" = add i64 %"pid", 1
  br label %"grid.header"
}
